import { Tooltip } from '@mui/material';
import { useRecordContext } from 'react-admin';

/** A person (or key, or automatic step) by name; the stored actor id stays in the tooltip. */
export function PersonName({ actor, name }: { actor: string | null | undefined; name: string | null | undefined }) {
  if (!actor) return <span>—</span>;
  return <Tooltip title={actor} describeChild><span data-actor={actor}>{name ?? actor}</span></Tooltip>;
}

/** A list cell: the record's actor shown by its resolved name. */
export function ActorCell({ source, nameSource }: { source: string; nameSource: string; label?: string }) {
  const record = useRecordContext();
  return <PersonName actor={record?.[source] as string | undefined} name={record?.[nameSource] as string | undefined} />;
}
