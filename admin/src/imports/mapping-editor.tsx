import { Alert, Button, FormControl, Grid, InputLabel, MenuItem, Select, Stack, Typography } from '@mui/material';
import { IMPORT_FIELDS, type UnknownLayout } from './import-fields';

/**
 * Shown when the server did not recognise the file's header: one select per target field,
 * offering the file's columns. Required fields (from the server's message) are marked.
 */
export function MappingEditor({ kind, layout, mapping, onChange, onSubmit, busy }: {
  kind: string;
  layout: UnknownLayout;
  mapping: Record<string, string>;
  onChange: (mapping: Record<string, string>) => void;
  onSubmit: () => void;
  busy: boolean;
}) {
  const missing = layout.required.filter((field) => !mapping[field]);
  return (
    <Stack spacing={2} data-testid="mapping-editor">
      <Alert severity="info">
        The server did not recognise this file&apos;s columns ({layout.columns.join(', ')}). Pick the column that feeds each field, then import again.
      </Alert>
      <Grid container spacing={2}>
        {IMPORT_FIELDS[kind].map((field) => (
          <Grid key={field} size={{ xs: 12, sm: 6, md: 3 }}>
            <FormControl fullWidth size="small">
              <InputLabel id={`map-${field}`}>{field}{layout.required.includes(field) ? ' *' : ''}</InputLabel>
              <Select labelId={`map-${field}`} label={`${field}${layout.required.includes(field) ? ' *' : ''}`} value={mapping[field] ?? ''}
                onChange={(event) => onChange({ ...mapping, [field]: String(event.target.value) })}>
                <MenuItem value=""><em>not in the file</em></MenuItem>
                {layout.columns.map((column) => <MenuItem key={column} value={column}>{column}</MenuItem>)}
              </Select>
            </FormControl>
          </Grid>
        ))}
      </Grid>
      {missing.length > 0 && <Typography variant="body2" color="warning.main">Still needed: {missing.join(', ')}</Typography>}
      <div><Button variant="contained" onClick={onSubmit} disabled={busy || missing.length > 0}>Import with this mapping</Button></div>
    </Stack>
  );
}
