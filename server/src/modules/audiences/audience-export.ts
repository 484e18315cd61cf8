import type { DataSource } from 'typeorm';
import { csvLine } from '../../http/csv-cell.js';
import type { AudienceDefinition } from './audience-definition.js';
import { isContactable } from './audience-query.js';
import { audienceMemberPages, toMemberRow } from './audience.service.js';

/**
 * Writes an audience as CSV through `write` (which should wait for the sink to drain), one page
 * of rows at a time. Each row's consent, opt-out and erasure are checked again as it is written.
 * Returns the number of member rows written.
 */
export async function writeAudienceCsv(dataSource: DataSource, definition: AudienceDefinition, opts: { withEmail: boolean }, write: (chunk: string) => Promise<void>): Promise<number> {
  const pages = audienceMemberPages(dataSource, definition);
  const first = await pages.next(); // compile errors surface before the caller commits to a response
  // customer_id is the source system's id, as in tags.csv; internal_id is Segmenta's. external_id
  // repeats customer_id for readers of the file's first layout, where customer_id was internal.
  await write(csvLine(['customer_id', 'internal_id', 'external_id', ...(opts.withEmail ? ['email'] : []), 'segment_id', 'persona', 'rfm_group', 'response_probability', 'predicted_segment_id']));
  let written = 0;
  const writePage = async (rows: Record<string, unknown>[]) => {
    let text = '';
    for (const raw of rows) {
      if (!isContactable(raw, definition.channel)) continue;
      const m = toMemberRow(raw);
      text += csvLine([m.externalId, m.customerId, m.externalId, ...(opts.withEmail ? [m.email] : []), m.segmentId, m.personaName, m.rfmGroup, m.responseProbability, m.predictedSegmentId]);
      written++;
    }
    await write(text);
  };
  if (!first.done) await writePage(first.value);
  for await (const rows of pages) await writePage(rows);
  return written;
}
