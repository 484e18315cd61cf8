import { useEffect, useState } from 'react';
import { Card, CardContent, List as MuiList, ListItem, ListItemText, Typography } from '@mui/material';
import { LinkBase, useCreatePath, useGetList } from 'react-admin';
import { graphqlRequest } from '../dataProvider/graphql-request';

interface Outcome { incrementalRoi: number | null; grossRoi: number | null; responseLift: { difference: number | null; significant: boolean } }

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);

/** The latest campaigns with their incremental ROI (gross ROI beside it, labelled) and response lift in percentage points. */
export function RecentCampaigns() {
  const { data = [], isPending } = useGetList('campaigns', { pagination: { page: 1, perPage: 5 }, sort: { field: 'id', order: 'DESC' } });
  const [results, setResults] = useState<Record<string, Outcome | null>>({});
  const createPath = useCreatePath();
  const ids = data.map((c) => String(c.id)).join(',');
  useEffect(() => {
    let cancelled = false;
    Promise.all(data.filter((c) => c.status !== 'draft').map(async (c) => {
      const r = await graphqlRequest<{ campaignResults: { overall: Outcome } }>(
        'query($id: ID!) { campaignResults(id: $id) { overall { incrementalRoi grossRoi responseLift { difference significant } } } }', { id: c.id },
      ).catch(() => null);
      return [String(c.id), r?.campaignResults.overall ?? null] as const;
    })).then((pairs) => { if (!cancelled) setResults(Object.fromEntries(pairs)); });
    return () => { cancelled = true; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ids]);
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardContent>
        <Typography variant="h6" gutterBottom>Recent campaigns</Typography>
        {!isPending && data.length === 0 ? (
          <Typography variant="body2" color="text.secondary">No campaigns yet.</Typography>
        ) : (
          <MuiList dense disablePadding>
            {data.map((c) => {
              const r = results[String(c.id)];
              const lift = r?.responseLift.difference;
              return (
                <ListItem key={c.id} disableGutters component={LinkBase} to={createPath({ resource: 'campaigns', type: 'show', id: c.id })} sx={{ color: 'inherit' }}>
                  <ListItemText primary={c.name} secondary={`${c.channel} · ${c.status}`} />
                  <Typography variant="body2" color="text.secondary" sx={{ textAlign: 'right' }}>
                    incremental ROI {pct(r?.incrementalRoi)} · gross {pct(r?.grossRoi)}<br />lift {lift === null || lift === undefined ? '–' : `${lift >= 0 ? '+' : ''}${(lift * 100).toFixed(1)} pp${r?.responseLift.significant ? ' *' : ''}`}
                  </Typography>
                </ListItem>
              );
            })}
          </MuiList>
        )}
      </CardContent>
    </Card>
  );
}
