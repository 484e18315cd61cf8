import { Card, CardContent, List as MuiList, ListItem, ListItemText, Typography } from '@mui/material';
import { Edit, SimpleForm, TextInput, required, useRecordContext } from 'react-admin';
import { formatDate } from '../common/format';
import { PersonName } from '../common/person-name';

interface PersonaEdit { id: string; version: number; name: string; editedBy: string | null; editedByName: string | null; editedAt: string }

function History() {
  const record = useRecordContext<{ history: PersonaEdit[]; version: number; updatedBy: string | null; updatedByName: string | null; updatedAt: string }>();
  if (!record) return null;
  return (
    <Card variant="outlined" sx={{ width: 300, ml: 2, flexShrink: 0 }} data-testid="persona-history">
      <CardContent>
        <Typography variant="h6">Version history</Typography>
        <Typography variant="body2" color="text.secondary">Current: v{record.version}{record.updatedBy ? <> by <PersonName actor={record.updatedBy} name={record.updatedByName} /></> : ''}</Typography>
        <MuiList dense>
          {[...(record.history ?? [])].sort((a, b) => b.version - a.version).map((edit) => (
            <ListItem key={edit.id} disableGutters>
              <ListItemText primary={`v${edit.version}: ${edit.name}`} secondary={<>{edit.editedBy ? <PersonName actor={edit.editedBy} name={edit.editedByName} /> : 'generated'} · {formatDate(edit.editedAt, { time: true })}</>} />
            </ListItem>
          ))}
          {(record.history ?? []).length === 0 && <ListItem disableGutters><ListItemText secondary="Not edited yet" /></ListItem>}
        </MuiList>
      </CardContent>
    </Card>
  );
}

const linesToPlays = (text: unknown) => (Array.isArray(text) ? text : String(text ?? '').split('\n'));

/** Name, description and plays; the version the editor saw goes along, so a stale save is refused (CONFLICT). */
export function PersonaEdit() {
  return (
    <Edit aside={<History />} mutationMode="pessimistic"
      transform={(data) => ({ ...data, plays: linesToPlays(data.plays).map((p: string) => p.trim()).filter(Boolean), expectedVersion: data.version })}>
      <SimpleForm>
        <TextInput source="name" validate={required()} fullWidth />
        <TextInput source="description" multiline minRows={3} fullWidth />
        <TextInput source="plays" label="Plays (one per line)" multiline minRows={3} fullWidth
          format={(plays: string[] | string | undefined) => (Array.isArray(plays) ? plays.join('\n') : plays ?? '')}
          parse={(text: string) => text} />
      </SimpleForm>
    </Edit>
  );
}
