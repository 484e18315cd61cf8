import { Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { formatDate } from './format';

/**
 * react-admin's DateField, formatted by the UI's one date helper (so lists, detail pages and
 * custom pages agree). Takes the DateField props the screens use.
 */
export function DateText({ source, showTime, emptyText = '—', sx }: { source: string; showTime?: boolean; emptyText?: string; label?: string; sortable?: boolean; sx?: object; options?: unknown }) {
  const record = useRecordContext();
  const value = record?.[source] as string | null | undefined;
  return <Typography component="span" variant="body2" sx={{ whiteSpace: 'nowrap', ...sx }}>{value ? formatDate(value, { time: showTime }) : emptyText}</Typography>;
}
