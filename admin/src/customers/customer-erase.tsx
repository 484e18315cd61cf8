import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, List, ListItem, ListItemText } from '@mui/material';
import DeleteForeverIcon from '@mui/icons-material/DeleteForever';
import { useCanAccess, useNotify, useRecordContext, useRefresh } from 'react-admin';
import { graphqlRequest } from '../dataProvider';
import { useGraphQLQuery } from '../dataProvider/use-graphql';

const PREVIEW = `query ErasurePreview($id: ID!) { erasurePreview(id: $id) {
  alreadyErased orders events scores segmentMemberships featureRows campaignOutcomes campaignMemberships channelsOptedOut } }`;
const ERASE = `mutation EraseCustomer($id: ID!) { eraseCustomer(id: $id) { id erasedAt } }`;

interface Preview {
  alreadyErased: boolean; orders: number; events: number; scores: number; segmentMemberships: number; featureRows: number;
  campaignOutcomes: number; campaignMemberships: number; channelsOptedOut: string[];
}

function PreviewList({ preview }: { preview: Preview }) {
  const lines: [string, string][] = [
    ['Personal fields', 'e-mail, name, city, gender, birth date, sign-up date, country and attributes are cleared'],
    ['Browsing events deleted', String(preview.events)],
    ['Model scores deleted', String(preview.scores)],
    ['Segment memberships deleted', String(preview.segmentMemberships)],
    ['Feature rows deleted', String(preview.featureRows)],
    ['Campaign outcomes (training labels) deleted', String(preview.campaignOutcomes)],
    ['Orders kept for the books, unlinked from the person', String(preview.orders)],
    ['Campaign audience memberships kept, now anonymous', String(preview.campaignMemberships)],
    ['Channels opted out', preview.channelsOptedOut.join(', ') || 'none (already opted out)'],
  ];
  return (
    <List dense data-testid="erasure-preview">
      {lines.map(([label, value]) => <ListItem key={label} disableGutters><ListItemText primary={label} secondary={value} /></ListItem>)}
    </List>
  );
}

/** GDPR erasure (admins only), behind a confirmation that shows what it removes. */
export function EraseCustomerButton() {
  const record = useRecordContext();
  const { canAccess } = useCanAccess({ resource: 'customers', action: 'erase' });
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const notify = useNotify();
  const refresh = useRefresh();
  const preview = useGraphQLQuery<{ erasurePreview: Preview }>(PREVIEW, { id: String(record?.id ?? '') }, { enabled: open && record?.id !== undefined });
  if (!record || !canAccess || record.erasedAt) return null;

  const erase = async () => {
    setBusy(true);
    try {
      await graphqlRequest(ERASE, { id: String(record.id) });
      notify('Customer erased', { type: 'success' });
      setOpen(false);
      refresh();
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button color="error" startIcon={<DeleteForeverIcon />} onClick={() => setOpen(true)}>Erase personal data</Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="erase-title">
        <DialogTitle id="erase-title">Erase customer {String(record.externalId)}?</DialogTitle>
        <DialogContent>
          <DialogContentText>This cannot be undone. The customer stays as an anonymous record so imports and exports keep honouring the erasure.</DialogContentText>
          {preview.error && <DialogContentText color="error">{preview.error.message}</DialogContentText>}
          {preview.data ? <PreviewList preview={preview.data.erasurePreview} /> : !preview.error && <DialogContentText>Counting…</DialogContentText>}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button color="error" variant="contained" onClick={erase} disabled={busy || !preview.data}>Erase</Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
