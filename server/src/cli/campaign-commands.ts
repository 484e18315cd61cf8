import fs from 'node:fs';
import { AppError } from '../errors.js';
import { openDatabase } from '../db/data-source.js';
import { toId } from '../graphql/pagination.js';
import type { AudienceDefinition } from '../modules/audiences/index.js';
import { getAudience, writeAudienceCsv } from '../modules/audiences/index.js';
import { campaignResults } from '../modules/campaigns/index.js';
import type { Command } from './command.types.js';

const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(2)}%`);

export const CAMPAIGN_COMMANDS: Record<string, Command> = {
  audience: {
    summary: 'Export a saved audience as CSV (evaluated now; consent enforced): segmenta audience export <id> [--out file]',
    usage: 'export <id> [--out file]',
    options: { out: { type: 'string' } },
    async run(ctx) {
      const [action, id] = ctx.positionals;
      if (action !== 'export' || !id) throw new AppError('BAD_USER_INPUT', 'usage: segmenta audience export <id> [--out file]');
      const dataSource = await openDatabase(ctx.config);
      const out: NodeJS.WritableStream = typeof ctx.values.out === 'string' ? fs.createWriteStream(ctx.values.out) : process.stdout;
      try {
        const audience = await getAudience(dataSource, toId(id));
        // The CLI runs on the server with database access: it is trusted like an admin.
        const rows = await writeAudienceCsv(dataSource, audience.definition as AudienceDefinition, { withEmail: true }, async (chunk) => {
          if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
        });
        if (out !== process.stdout) await new Promise<void>((resolve, reject) => (out as fs.WriteStream).end((err?: Error | null) => (err ? reject(err) : resolve())));
        return out === process.stdout ? {} : { audienceId: audience.id, rows, written: ctx.values.out };
      } finally {
        await dataSource.destroy();
      }
    },
  },
  campaign: {
    summary: 'Campaign results with lift against the control group: segmenta campaign results <id> [--json]',
    usage: 'results <id> [--json]',
    options: {},
    async run(ctx) {
      const [action, id] = ctx.positionals;
      if (action !== 'results' || !id) throw new AppError('BAD_USER_INPUT', 'usage: segmenta campaign results <id> [--json]');
      const dataSource = await openDatabase(ctx.config);
      try {
        return { results: await campaignResults(dataSource, toId(id)) };
      } finally {
        await dataSource.destroy();
      }
    },
    format(result) {
      const r = (result as { results: Awaited<ReturnType<typeof campaignResults>> }).results;
      const o = r.overall;
      const lift = o.responseLift;
      return [
        `campaign ${r.campaignId} (${r.status})`,
        `contacts ${o.contacts}, control ${o.controlMembers}, responses ${o.responses}, conversions ${o.conversions}`,
        `revenue ${o.revenue.toFixed(2)}, cost ${o.cost.toFixed(2)}, ROI ${o.roi === null ? 'n/a' : o.roi.toFixed(3)}`,
        `response rate ${pct(lift.treatmentRate)} vs control ${pct(lift.controlRate)}: lift ${pct(lift.difference)} (95% CI ${pct(lift.ciLower)} … ${pct(lift.ciUpper)})`,
        `incremental revenue ${o.incrementalRevenue === null ? 'n/a' : o.incrementalRevenue.toFixed(2)}, incremental ROI ${o.incrementalRoi === null ? 'n/a' : o.incrementalRoi.toFixed(3)}`,
        '',
      ].join('\n');
    },
  },
};
