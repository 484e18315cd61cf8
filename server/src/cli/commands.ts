import fs from 'node:fs';
import { printSchema } from 'graphql';
import { AppError } from '../errors.js';
import { openDatabase } from '../db/data-source.js';
import { serve, stopOnSignals } from '../main.js';
import { createTicker, createWorker } from '../worker.js';
import { getSchema } from '../graphql/schema.js';
import { createApiKey, createUser, isRole } from '../modules/auth/index.js';
import { DATA_COMMANDS } from './data-commands.js';
import { CAMPAIGN_COMMANDS } from './campaign-commands.js';
import { MODEL_COMMANDS } from './model-commands.js';
import { TARGETING_COMMANDS } from './targeting-commands.js';
import { SCHEDULE_COMMANDS } from './schedule-commands.js';
import { DESTINATION_COMMANDS } from './destination-commands.js';
import type { Command, CommandContext } from './command.types.js';

function required(ctx: CommandContext, key: string): string {
  const value = ctx.values[key];
  if (typeof value !== 'string' || !value) throw new AppError('BAD_USER_INPUT', `--${key} is required`);
  return value;
}

export const COMMANDS: Record<string, Command> = {
  ...DATA_COMMANDS,
  ...CAMPAIGN_COMMANDS,
  ...MODEL_COMMANDS,
  ...TARGETING_COMMANDS,
  ...SCHEDULE_COMMANDS,
  ...DESTINATION_COMMANDS,
  serve: {
    summary: 'Run the API and admin UI (add --with-worker for an in-process worker, --demo for demo data)',
    usage: '[--port N] [--with-worker] [--demo]',
    options: { port: { type: 'string' }, 'with-worker': { type: 'boolean' }, demo: { type: 'boolean' } },
    async run(ctx) {
      const app = await serve(ctx.config, ctx.logger, {
        withWorker: Boolean(ctx.values['with-worker']), demo: Boolean(ctx.values.demo),
        port: ctx.values.port ? Number(ctx.values.port) : undefined,
      });
      process.stderr.write(`\nSegmenta is running at ${app.server.url}/\n`);
      if (ctx.values.demo && !ctx.config.databaseUrl) process.stderr.write('Sign in as admin@segmenta.local (or marketer@…, analyst@…) with password segmenta-demo\n\n');
      stopOnSignals(app.stop, ctx.logger);
      return 'keep-running';
    },
  },
  worker: {
    summary: 'Run a job worker (imports, features, segmentation, training, scoring); run several for more throughput',
    usage: '[--types import,segmentation]',
    options: { types: { type: 'string' } },
    async run(ctx) {
      const dataSource = await openDatabase(ctx.config);
      const types = typeof ctx.values.types === 'string' ? ctx.values.types.split(',').map((t) => t.trim()) : undefined;
      const worker = createWorker(dataSource, ctx.config, ctx.logger, { types });
      worker.start();
      const ticker = createTicker(dataSource, ctx.config, ctx.logger, worker.id);
      ticker.start();
      ctx.logger.info({ worker: worker.id }, 'worker started');
      stopOnSignals(async () => { await ticker.stop(); await worker.stop(); await dataSource.destroy(); }, ctx.logger);
      return 'keep-running';
    },
  },
  migrate: {
    summary: 'Apply pending database migrations',
    options: {},
    async run(ctx) {
      const dataSource = await openDatabase(ctx.config, { migrate: false });
      try {
        const applied = await dataSource.runMigrations({ transaction: 'each' });
        return { applied: applied.map((m) => m.name) };
      } finally {
        await dataSource.destroy();
      }
    },
  },
  user: {
    summary: 'Create a user: segmenta user create --email E --name N --role admin|marketer|analyst --password P',
    usage: 'create --email E --name N --role R --password P',
    options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' } },
    async run(ctx) {
      if (ctx.positionals[0] !== 'create') throw new AppError('BAD_USER_INPUT', 'usage: segmenta user create --email E --name N --role R --password P');
      const role = required(ctx, 'role');
      if (!isRole(role) || role === 'integration') throw new AppError('BAD_USER_INPUT', '--role must be admin, marketer or analyst');
      const dataSource = await openDatabase(ctx.config);
      try {
        const user = await createUser(dataSource, { email: required(ctx, 'email'), name: required(ctx, 'name'), role, password: required(ctx, 'password') });
        return { user: { id: user.id, email: user.email, role: user.role } };
      } finally {
        await dataSource.destroy();
      }
    },
  },
  apikey: {
    summary: 'Create an integration API key (read-only, no personal data): segmenta apikey create --name N',
    usage: 'create --name N',
    options: { name: { type: 'string' } },
    async run(ctx) {
      if (ctx.positionals[0] !== 'create') throw new AppError('BAD_USER_INPUT', 'usage: segmenta apikey create --name N');
      const dataSource = await openDatabase(ctx.config);
      try {
        const { key, plain } = await createApiKey(dataSource, { name: required(ctx, 'name') });
        return { apiKey: { id: key.id, name: key.name, prefix: key.prefix }, secret: plain };
      } finally {
        await dataSource.destroy();
      }
    },
  },
  schema: {
    summary: 'Print the GraphQL schema (SDL), or write it with --out FILE',
    options: { out: { type: 'string' } },
    async run(ctx) {
      const sdl = printSchema(await getSchema()) + '\n';
      if (typeof ctx.values.out === 'string') {
        fs.writeFileSync(ctx.values.out, sdl);
        return { written: ctx.values.out, bytes: sdl.length };
      }
      process.stdout.write(sdl);
      return {};
    },
  },
};
