import fs from 'node:fs';
import { AppError } from '../errors.js';
import { openDatabase } from '../db/data-source.js';
import { toId } from '../graphql/pagination.js';
import type { AudienceDefinition } from '../modules/audiences/index.js';
import { getAudience, writeAudienceCsv } from '../modules/audiences/index.js';
import { campaignResults } from '../modules/campaigns/index.js';
import type { Command } from './command.types.js';

const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(2)}%`);
/** A difference of two rates, in percentage points. */
const pts = (v: number | null) => (v === null ? 'n/a' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(2)} percentage points`);

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
    summary: 'Campaign results: incremental ROI and revenue with 95% intervals, lift in percentage points, gross ROI: segmenta campaign results <id> [--json]',
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
      const money = (v: number | null) => (v === null ? 'n/a' : v.toFixed(2));
      const roi = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`);
      const interval = o.incrementalRevenueInterval;
      return [
        `campaign ${r.campaignId} (${r.status})`,
        `members ${o.contacts + o.controlMembers}: treatment (contacted) ${o.contacts}, control (held out) ${o.controlMembers}; treatment responses ${o.responses}, conversions ${o.conversions}`,
        interval
          ? `incremental ROI ${roi(o.incrementalRoi)} (95% CI ${roi(o.incrementalRoiLower)} … ${roi(o.incrementalRoiUpper)}); incremental revenue ${money(o.incrementalRevenue)} (95% CI ${money(interval.lower)} … ${money(interval.upper)}, ${interval.method === 'bootstrap' ? `bootstrap, ${interval.samples} resamples, seed ${interval.seed}` : 'normal approximation'}): ${interval.significant ? 'significant' : 'not significant'} at 95%`
          : `incremental ROI ${roi(o.incrementalRoi)}; incremental revenue ${money(o.incrementalRevenue)} (no control group: no interval)`,
        `response rate ${pct(lift.treatmentRate)} vs control ${pct(lift.controlRate)}: lift ${pts(lift.difference)} (95% CI ${pts(lift.ciLower)} … ${pts(lift.ciUpper)}): ${lift.significant ? 'significant' : 'not significant'} at 95%`,
        `treatment revenue ${money(o.revenue)}, cost ${money(o.cost)}, gross ROI ${roi(o.grossRoi)} (every treatment order counted as the campaign's)`,
        '',
      ].join('\n');
    },
  },
};
