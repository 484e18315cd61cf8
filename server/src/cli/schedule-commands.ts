import { AppError } from '../errors.js';
import { openDatabase } from '../db/data-source.js';
import { toId } from '../graphql/pagination.js';
import { createSchedule, pauseSchedule, resumeSchedule, runScheduleNow, ScheduleEntity } from '../modules/schedules/index.js';
import type { Command, CommandContext } from './command.types.js';

const USAGE = 'segmenta schedule list | create --name N --action refresh|retrain|rescore|inbox|campaign --cron "0 3 * * *" [--time-zone Europe/London] [--params JSON] | pause <id> | resume <id> | run-now <id>';

function paramsOf(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value);
  } catch {
    throw new AppError('BAD_USER_INPUT', '--params must be JSON, e.g. {"kind":"response"} or {"campaignId":3}');
  }
}

const view = (s: ScheduleEntity) => ({
  id: s.id, name: s.name, action: s.action, params: s.params, cron: s.cron, timeZone: s.timeZone, enabled: s.enabled,
  nextRunAt: s.nextRunAt?.toISOString() ?? null, lastRunAt: s.lastRunAt?.toISOString() ?? null, lastJobId: s.lastJobId,
});

async function scheduleCommand(ctx: CommandContext) {
  const [action, id] = ctx.positionals;
  const dataSource = await openDatabase(ctx.config);
  try {
    switch (action) {
      case 'list':
        return { schedules: (await dataSource.getRepository(ScheduleEntity).find({ order: { id: 'ASC' } })).map(view) };
      case 'create': {
        const str = (key: string) => (typeof ctx.values[key] === 'string' ? (ctx.values[key] as string) : undefined);
        if (!str('name') || !str('action') || !str('cron')) throw new AppError('BAD_USER_INPUT', `--name, --action and --cron are required: ${USAGE}`);
        return { schedule: view(await createSchedule(dataSource, { name: str('name')!, action: str('action')!, cron: str('cron')!, timeZone: str('time-zone'), params: paramsOf(ctx.values.params) }, 'cli')) };
      }
      case 'pause':
      case 'resume':
      case 'run-now': {
        if (!id) throw new AppError('BAD_USER_INPUT', `usage: segmenta schedule ${action} <id>`);
        if (action === 'run-now') {
          const run = await runScheduleNow(dataSource, toId(id), 'cli');
          return { run: { outcome: run.outcome, jobId: run.jobId, message: run.message } };
        }
        return { schedule: view(await (action === 'pause' ? pauseSchedule : resumeSchedule)(dataSource, toId(id))) };
      }
      default:
        throw new AppError('BAD_USER_INPUT', `usage: ${USAGE}`);
    }
  } finally {
    await dataSource.destroy();
  }
}

export const SCHEDULE_COMMANDS: Record<string, Command> = {
  schedule: {
    summary: 'Schedules: list, create, pause, resume, run-now (a worker fires them; see docs/operations.md)',
    usage: 'list | create --name N --action A --cron "0 3 * * *" [--time-zone Z] [--params JSON] | pause <id> | resume <id> | run-now <id>',
    options: { name: { type: 'string' }, action: { type: 'string' }, cron: { type: 'string' }, 'time-zone': { type: 'string' }, params: { type: 'string' } },
    run: scheduleCommand,
  },
};
