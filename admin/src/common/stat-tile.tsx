import type { ReactNode } from 'react';
import { Card, CardContent, Stack, Typography } from '@mui/material';

/** A labelled figure: dashboard counts and the customer summary. */
export function StatTile({ label, value, icon, hint }: { label: string; value: ReactNode; icon?: ReactNode; hint?: ReactNode }) {
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardContent>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          {icon ? <Stack sx={{ color: 'primary.main', '& svg': { fontSize: 36 } }}>{icon}</Stack> : null}
          <Stack sx={{ minWidth: 0 }}>
            <Typography variant="body2" color="text.secondary" noWrap>{label}</Typography>
            <Typography variant="h5" component="div" sx={{ fontWeight: 600 }} data-testid={`stat-${label}`}>{value}</Typography>
            {hint ? <Typography variant="caption" color="text.secondary">{hint}</Typography> : null}
          </Stack>
        </Stack>
      </CardContent>
    </Card>
  );
}
