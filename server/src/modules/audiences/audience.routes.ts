import type { Express, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { checkAccess } from '../../graphql/guard.js';
import { MARKETING, STAFF } from '../../graphql/access.js';
import { toId } from '../../graphql/pagination.js';
import { csvLine } from '../../http/csv-cell.js';
import { sendRouteError, writeAll } from '../../http/route-errors.js';
import type { AudienceDefinition } from './audience-definition.js';
import { isContactable } from './audience-query.js';
import { audienceMemberPages, getAudience, toMemberRow } from './audience.service.js';

/**
 * GET /api/audiences/:id/export.csv — the audience evaluated now, streamed page by page.
 * admin and marketer get the email column; analysts get the same file without it (no personal
 * data); integration keys are refused. Consent, opt-out and erasure are checked in SQL and again
 * for every row as it is written.
 */
export function mountAudienceRoutes(app: Express, deps: { dataSource: DataSource }): void {
  app.get('/api/audiences/:id/export.csv', async (req: Request, res: Response) => {
    try {
      checkAccess(STAFF, req.principal?.role, 'audience export');
      const withEmail = MARKETING.includes(req.principal!.role);
      const audience = await getAudience(deps.dataSource, toId(String(req.params.id)));
      const definition = audience.definition as AudienceDefinition;
      const pages = audienceMemberPages(deps.dataSource, definition);
      const first = await pages.next();
      res.status(200).set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="audience-${audience.id}.csv"`, 'cache-control': 'no-store' });
      await writeAll(res, csvLine(['customer_id', 'external_id', ...(withEmail ? ['email'] : []), 'segment_id', 'persona', 'rfm_group', 'response_probability', 'predicted_segment_id']));
      const writePage = async (rows: Record<string, unknown>[]) => {
        let text = '';
        for (const raw of rows) {
          if (!isContactable(raw, definition.channel)) continue;
          const m = toMemberRow(raw);
          text += csvLine([m.customerId, m.externalId, ...(withEmail ? [m.email] : []), m.segmentId, m.personaName, m.rfmGroup, m.responseProbability, m.predictedSegmentId]);
        }
        await writeAll(res, text);
      };
      if (!first.done) await writePage(first.value);
      for await (const rows of pages) await writePage(rows);
      res.end();
    } catch (error) {
      sendRouteError(res, error);
    }
  });
}
