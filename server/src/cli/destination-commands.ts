import { AppError } from '../errors.js';
import { openDatabase } from '../db/data-source.js';
import {
  createDestination, deadLetters, listDestinations, replayDeadLetters, rotateSecret, sendTestEvent, setDestinationEnabled,
} from '../modules/destinations/index.js';
import type { Command } from './command.types.js';

const USAGE = 'usage: segmenta destination list | create --name N --url URL (--audience ID | --tags) [--secret whsec_…] [--fields a,b] [--batch-size N]'
  + ' | enable ID | pause ID | test ID | rotate ID | dead ID | replay ID';

const id = (raw: string | undefined) => {
  if (!raw || !/^\d+$/.test(raw)) throw new AppError('BAD_USER_INPUT', `${USAGE}\n(a destination id is a whole number, got "${raw ?? ''}")`);
  return Number(raw);
};

export const DESTINATION_COMMANDS: Record<string, Command> = {
  destination: {
    summary: 'Manage webhook destinations: list, create, enable, pause, send a test event, rotate the secret, list or replay dead letters',
    usage: 'list | create --name N --url URL (--audience ID | --tags) [--secret whsec_…] [--fields a,b] [--batch-size N] | enable|pause|test|rotate|dead|replay ID',
    options: {
      name: { type: 'string' }, url: { type: 'string' }, audience: { type: 'string' }, tags: { type: 'boolean' }, secret: { type: 'string' },
      fields: { type: 'string' }, 'batch-size': { type: 'string' }, 'allow-personal-data': { type: 'boolean' },
    },
    async run(ctx) {
      const [action, target] = ctx.positionals;
      const v = ctx.values;
      const dataSource = await openDatabase(ctx.config);
      try {
        switch (action) {
          case 'list':
            return { destinations: (await listDestinations(dataSource)).map((d) => ({ id: d.id, name: d.name, url: d.url, kind: d.kind, audienceId: d.audienceId, status: d.status, pausedReason: d.pausedReason })) };
          case 'create': {
            const d = await createDestination(dataSource, ctx.config, {
              name: v.name as string | undefined, url: v.url as string | undefined, secret: v.secret as string | undefined,
              kind: v.tags ? 'tags' : 'audience', audienceId: v.audience === undefined ? undefined : id(v.audience as string),
              fields: typeof v.fields === 'string' ? v.fields.split(',').map((f) => f.trim()).filter(Boolean) : undefined,
              allowPersonalData: Boolean(v['allow-personal-data']), batchSize: v['batch-size'] === undefined ? undefined : Number(v['batch-size']),
            }, 'cli');
            return { created: { id: d.id, name: d.name, secret: d.secret } };
          }
          case 'enable': case 'pause':
            return { destination: { ...(await setDestinationEnabled(dataSource, id(target), action === 'enable', 'cli')), secret: undefined, previousSecret: undefined } };
          case 'test':
            return { test: await sendTestEvent(dataSource, ctx.config, id(target)) };
          case 'rotate': {
            const d = await rotateSecret(dataSource, id(target));
            return { rotated: { id: d.id, secret: d.secret, previousSecretUntil: d.previousSecretUntil } };
          }
          case 'dead':
            return { deadLetters: (await deadLetters(dataSource, id(target))).map((r) => ({ id: r.id, op: r.op, customerId: r.externalId })) };
          case 'replay':
            return { replayed: await replayDeadLetters(dataSource, id(target), null, 'cli') };
          default:
            throw new AppError('BAD_USER_INPUT', USAGE);
        }
      } finally {
        await dataSource.destroy();
      }
    },
    format(result) {
      if (result.destinations) {
        return (result.destinations as Record<string, unknown>[]).map((d) => `${d.id}\t${d.name}\t${d.kind}\t${d.status}\t${d.url}${d.pausedReason ? `\t(${d.pausedReason})` : ''}`).join('\n') + '\n';
      }
      if (result.created) { const c = result.created as Record<string, unknown>; return `destination ${c.id} "${c.name}" created; signing secret (shown once): ${c.secret}\n`; }
      if (result.rotated) { const r = result.rotated as Record<string, unknown>; return `new secret (shown once): ${r.secret}; the previous one also signs until ${(r.previousSecretUntil as Date).toISOString()}\n`; }
      if (result.test) { const t = result.test as Record<string, unknown>; return `test event ${t.webhookId}: ${t.ok ? 'ok' : 'failed'} (status ${t.status ?? 'none'}, ${t.latencyMs} ms${t.error ? `, ${t.error}` : ''})\n`; }
      return JSON.stringify(result, null, 2) + '\n';
    },
  },
};
