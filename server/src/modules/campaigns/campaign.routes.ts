import type { Readable } from 'node:stream';
import type { Express, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { parse } from 'csv-parse';
import { hasOwnKey } from '@segmenta/shared';
import { AppError } from '../../errors.js';
import { checkAccess } from '../../graphql/guard.js';
import { MARKETING } from '../../graphql/access.js';
import { toId } from '../../graphql/pagination.js';
import { csvLine } from '../../http/csv-cell.js';
import { sendRouteError, writeAll } from '../../http/route-errors.js';
import { sqlNumber } from '../../db/sql.js';
import type { Channel } from '../audiences/index.js';
import { contactColumns, isContactable } from '../audiences/index.js';
import { getCampaign } from './campaign.service.js';
import { importOutcomes, type OutcomeRow } from './campaign-outcomes.js';

const TRUE = new Set(['1', 'true', 'yes', 'y']);
const FALSE = new Set(['0', 'false', 'no', 'n', '']);

function flag(value: string | undefined, name: string, line: number): boolean {
  const v = (value ?? '').trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new AppError('BAD_USER_INPUT', `line ${line}: ${name} must be 1/0, true/false or yes/no`);
}

/** CSV rows (header: customer_id or external_id, [group], responded, converted, [revenue]) as outcomes. */
async function* outcomeRows(body: Readable): AsyncGenerator<OutcomeRow> {
  const parser = body.pipe(parse({ columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), bom: true, skip_empty_lines: true, trim: true }));
  let line = 1;
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    line++;
    if (line === 2 && !hasOwnKey(record, 'customer_id') && !hasOwnKey(record, 'external_id')) throw new AppError('BAD_USER_INPUT', 'the header needs customer_id or external_id');
    const id = record.customer_id ? Number(record.customer_id) : undefined;
    if (id !== undefined && (!Number.isSafeInteger(id) || id < 1)) throw new AppError('BAD_USER_INPUT', `line ${line}: customer_id must be a positive integer`);
    const group = record.group?.toLowerCase();
    if (group && group !== 'treatment' && group !== 'control') throw new AppError('BAD_USER_INPUT', `line ${line}: group must be treatment or control`);
    const revenue = record.revenue ? Number(record.revenue) : 0;
    if (!Number.isFinite(revenue)) throw new AppError('BAD_USER_INPUT', `line ${line}: revenue must be a number`);
    yield {
      customerId: id, externalId: id === undefined ? record.external_id : undefined, group: (group || undefined) as OutcomeRow['group'],
      responded: flag(record.responded, 'responded', line), converted: flag(record.converted, 'converted', line), revenue,
    };
  }
}

/**
 * POST /api/campaigns/:id/outcomes.csv (raw CSV body) → the import report;
 * GET /api/campaigns/:id/send-list.csv → the treatment members of the frozen snapshot (the
 * control group is never in it), re-checked for consent, opt-out and erasure as each row is written.
 */
export function mountCampaignRoutes(app: Express, deps: { dataSource: DataSource }): void {
  app.post('/api/campaigns/:id/outcomes.csv', async (req: Request, res: Response) => {
    try {
      checkAccess(MARKETING, req.principal?.role, 'campaign outcomes upload');
      // Same CSRF guard as uploads: a cross-site form cannot set this header without a preflight.
      if (!req.get('x-file-name') && !req.get('apollo-require-preflight')) throw new AppError('BAD_USER_INPUT', 'send the file name in the x-file-name header');
      const report = await importOutcomes(deps.dataSource, toId(String(req.params.id)), outcomeRows(req as unknown as Readable));
      res.status(200).json(report);
    } catch (error) {
      sendRouteError(res, error);
    }
  });

  app.get('/api/campaigns/:id/send-list.csv', async (req: Request, res: Response) => {
    try {
      checkAccess(MARKETING, req.principal?.role, 'campaign send list');
      const campaign = await getCampaign(deps.dataSource, toId(String(req.params.id)));
      if (!campaign.snapshotAt) throw new AppError('CONFLICT', `campaign ${campaign.id} has not been launched; its send list is frozen at launch`);
      const channel = campaign.channel as Channel;
      res.status(200).set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="campaign-${campaign.id}-send-list.csv"`, 'cache-control': 'no-store' });
      await writeAll(res, csvLine(['customer_id', 'external_id', 'email', 'segment_id', 'persona', 'response_probability']));
      let after = 0;
      for (;;) {
        const rows: Record<string, unknown>[] = await deps.dataSource.query(`SELECT m.customer_id, c.external_id, c.email, ${contactColumns(channel).text},
            m.segment_id, pe.name AS persona_name, m.response_probability
          FROM campaign_members m JOIN customers c ON c.id = m.customer_id LEFT JOIN personas pe ON pe.id = m.persona_id
          WHERE m.campaign_id = ? AND m.is_control = 0 AND m.customer_id > ? ORDER BY m.customer_id LIMIT 5000`, [campaign.id, after]);
        if (!rows.length) break;
        let text = '';
        for (const r of rows) if (isContactable(r, channel)) text += csvLine([sqlNumber(r.customer_id), r.external_id, r.email, r.segment_id === null ? null : sqlNumber(r.segment_id), r.persona_name, r.response_probability === null ? null : Number(r.response_probability)]);
        await writeAll(res, text);
        after = sqlNumber(rows[rows.length - 1].customer_id);
      }
      res.end();
    } catch (error) {
      sendRouteError(res, error);
    }
  });
}
