import { useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, List, ListItem, ListItemText, Typography } from '@mui/material';
import { Link } from 'react-admin';
import { useGraphQLQuery } from '../dataProvider/use-graphql';
import { PersonName } from '../common/person-name';

const IMPACT = `query ActivationImpact($runId: ID!) { activationImpact(runId: $runId) {
  liveRunId audiences { id name runIds } campaigns { id name status audienceId } personaEdits { personaId name segmentLabel updatedBy updatedByName carriedToSegmentId }
} }`;

interface Impact {
  liveRunId: string | null;
  audiences: { id: string; name: string; runIds: string[] }[];
  campaigns: { id: string; name: string; status: string; audienceId: string }[];
  personaEdits: { personaId: string; name: string; segmentLabel: number; updatedBy: string | null; updatedByName: string | null; carriedToSegmentId: string | null }[];
}

function Section({ title, empty, children, count }: { title: string; empty: string; count: number; children: React.ReactNode }) {
  return (
    <>
      <Typography variant="subtitle2" sx={{ mt: 1 }}>{title} ({count})</Typography>
      {count === 0 ? <Typography variant="body2" color="text.secondary">{empty}</Typography> : <List dense disablePadding>{children}</List>}
    </>
  );
}

/** Lists what making a run live affects, read from the server before the switch, then asks to confirm. */
export function ActivationDialog({ runId, open, onClose, onConfirm }: { runId: string; open: boolean; onClose: () => void; onConfirm: () => Promise<void> }) {
  const { data, error, loading } = useGraphQLQuery<{ activationImpact: Impact }>(IMPACT, { runId }, { enabled: open });
  const [busy, setBusy] = useState(false);
  const impact = data?.activationImpact;
  const confirm = async () => { setBusy(true); try { await onConfirm(); } finally { setBusy(false); } };
  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="activation-title">
      <DialogTitle id="activation-title">Make run #{runId} live?</DialogTitle>
      <DialogContent data-testid="activation-impact">
        <Typography variant="body2" gutterBottom>
          Every customer's segment switches at once{impact?.liveRunId ? ` from run #${impact.liveRunId}` : ''}. Segment and persona ids belong to one run, so this affects:
        </Typography>
        {error && <Alert severity="error">{error.message}</Alert>}
        {loading && !impact && <Typography variant="body2">Checking…</Typography>}
        {impact && (
          <>
            <Section title="Saved audiences pinned to another run's segments" count={impact.audiences.length} empty="None: no saved audience names a segment or persona.">
              {impact.audiences.map((a) => (
                <ListItem key={a.id} disableGutters>
                  <ListItemText primary={<Link to={`/audiences/${a.id}/show`}>{a.name}</Link>} secondary={`refers to run ${a.runIds.map((r) => `#${r}`).join(', ')}: its segment and persona choices will match nobody until picked again`} />
                </ListItem>
              ))}
            </Section>
            <Section title="Draft and scheduled campaigns using them" count={impact.campaigns.length} empty="None.">
              {impact.campaigns.map((c) => (
                <ListItem key={c.id} disableGutters>
                  <ListItemText primary={<Link to={`/campaigns/${c.id}/show`}>{c.name}</Link>} secondary={`${c.status}: launched after the switch, it targets fewer people or nobody`} />
                </ListItem>
              ))}
            </Section>
            <Section title="Persona edits that will not carry over" count={impact.personaEdits.filter((p) => !p.carriedToSegmentId).length} empty="None: every edited persona's segment is matched in the new run, or the live run's personas are unedited.">
              {impact.personaEdits.filter((p) => !p.carriedToSegmentId).map((p) => (
                <ListItem key={p.personaId} disableGutters>
                  <ListItemText primary={`${p.name} (segment ${p.segmentLabel})`} secondary={<>edited by <PersonName actor={p.updatedBy} name={p.updatedByName} />; no segment of the new run matches this one, so its persona is drafted afresh</>} />
                </ListItem>
              ))}
            </Section>
            {impact.personaEdits.some((p) => p.carriedToSegmentId) && (
              <Section title="Persona edits that carry over" count={impact.personaEdits.filter((p) => p.carriedToSegmentId).length} empty="None.">
                {impact.personaEdits.filter((p) => p.carriedToSegmentId).map((p) => (
                  <ListItem key={p.personaId} disableGutters>
                    <ListItemText primary={`${p.name} (segment ${p.segmentLabel})`} secondary={<>edited by <PersonName actor={p.updatedBy} name={p.updatedByName} />; the new run's matching segment takes its name, description and history over</>} />
                  </ListItem>
                ))}
              </Section>
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={confirm} disabled={!impact || busy} data-testid="confirm-activation">Activate</Button>
      </DialogActions>
    </Dialog>
  );
}
