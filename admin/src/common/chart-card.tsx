import { Suspense, type ReactNode } from 'react';
import { Card, CardContent, Skeleton, Stack, Typography } from '@mui/material';

/** A titled card for a chart; lazy chart modules show a skeleton while recharts loads. */
export function ChartCard({ title, subtitle, action, children, height = 260 }: { title: string; subtitle?: ReactNode; action?: ReactNode; children: ReactNode; height?: number }) {
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'flex-start', justifyContent: 'space-between', mb: 1 }}>
          <div>
            <Typography variant="h6">{title}</Typography>
            {subtitle ? <Typography variant="body2" color="text.secondary">{subtitle}</Typography> : null}
          </div>
          {action}
        </Stack>
        <Suspense fallback={<Skeleton variant="rounded" height={height} />}>{children}</Suspense>
      </CardContent>
    </Card>
  );
}
