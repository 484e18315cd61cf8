import { AppError } from '../errors.js';
import { openDatabase } from '../db/data-source.js';
import { currentSources, readTargetingState, rebuildTargeting, reflects } from '../modules/targeting/index.js';
import type { Command } from './command.types.js';

const USAGE = 'usage: segmenta targeting rebuild|status [--json]';

export const TARGETING_COMMANDS: Record<string, Command> = {
  targeting: {
    summary: 'Rebuild the per-customer targeting table audiences count from, or show what it reflects: segmenta targeting rebuild|status',
    usage: 'rebuild|status [--json]',
    options: {},
    async run(ctx) {
      const [action] = ctx.positionals;
      if (action !== 'rebuild' && action !== 'status') throw new AppError('BAD_USER_INPUT', USAGE);
      const dataSource = await openDatabase(ctx.config);
      try {
        if (action === 'rebuild') {
          const report = await rebuildTargeting(dataSource, { onProgress: (done) => { if (!ctx.json) process.stderr.write(`\r${done.toLocaleString('en')} customers`); } });
          if (!ctx.json) process.stderr.write('\n');
          return { rebuilt: { ...report } };
        }
        const state = await readTargetingState(dataSource);
        const sources = await currentSources(dataSource);
        return { status: { ...state, current: reflects(state, sources), latestSnapshotId: sources.snapshotId, currentLiveRunId: sources.liveRunId } };
      } finally {
        await dataSource.destroy();
      }
    },
    format(result) {
      if (result.rebuilt) {
        const r = result.rebuilt as Record<string, unknown>;
        return r.superseded
          ? `a newer rebuild started meanwhile; this one stopped after ${r.customers} customers\n`
          : `targeting rebuilt: ${r.customers} customers from snapshot ${r.snapshotId ?? 'none'} and live run ${r.liveRunId ?? 'none'} in ${((r.ms as number) / 1000).toFixed(1)} s\n`;
      }
      const s = result.status as Record<string, unknown>;
      return `targeting ${s.status} (generation ${s.generation}): snapshot ${s.snapshotId ?? 'none'}, live run ${s.liveRunId ?? 'none'}; `
        + `${s.current ? 'current: audiences count from it' : `not current (latest snapshot ${s.latestSnapshotId ?? 'none'}, live run ${s.currentLiveRunId ?? 'none'}): audiences join the source tables`}\n`;
    },
  },
};
