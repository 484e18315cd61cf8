import type { RaRecord } from 'react-admin';

/** react-query refetchInterval for a list: poll every `ms` while some row is still active. */
export const refetchListWhile = (active: (record: RaRecord) => boolean, ms: number) =>
  (query: { state: { data?: { data?: RaRecord[] } } }) => (query.state.data?.data?.some(active) ? ms : false);

/** The same for one record (show pages of imports and runs). */
export const refetchRecordWhile = (active: (record: RaRecord) => boolean, ms: number) =>
  (query: { state: { data?: RaRecord } }) => (query.state.data && active(query.state.data) ? ms : false);

export const isPendingOrRunning = (record: RaRecord) => ['pending', 'queued', 'running'].includes(String(record.status));
