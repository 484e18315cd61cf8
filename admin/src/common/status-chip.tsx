import { Chip, type ChipProps } from '@mui/material';
import { useRecordContext } from 'react-admin';

const COLORS: Record<string, ChipProps['color']> = {
  queued: 'default',
  running: 'info',
  succeeded: 'success',
  completed: 'success',
  failed: 'error',
  cancelled: 'warning',
  ok: 'success',
  refused: 'warning',
  error: 'error',
};

/** A coloured chip for a status-like field (jobs, orders, audit outcomes). */
export function StatusChip({ source = 'status' }: { source?: string; label?: string }) {
  const record = useRecordContext();
  const value = record?.[source] as string | undefined;
  if (!value) return null;
  return <Chip size="small" label={value} color={COLORS[value] ?? 'default'} variant={value === 'queued' ? 'outlined' : 'filled'} />;
}
