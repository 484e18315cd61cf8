import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { activateRun } from '../server/src/modules/segmentation/index.js';
import { changeConsent } from '../server/src/modules/consent/index.js';
import { eraseCustomer } from '../server/src/modules/privacy/index.js';
import { changesAfter, latestChangeCursor, pruneChanges, recordScoreChanges, scoreDecile, streamChangesCsv } from '../server/src/modules/changes/index.js';
import { TEST_DIALECTS } from './helpers/db.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { insertCustomers, insertRun } from './helpers/fake-runs.js';

const FEED = `query($after: ID, $first: Int) { customerTagChanges(after: $after, first: $first) { nodes { cursor customerId kind before after reason tombstone } endCursor hasMore } }`;

describe.each(TEST_DIALECTS)('the change log on %s', (dialect) => {
  let server: TestServer;
  let ids: number[];
  const ds = () => server.app.dataSource;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ids = await insertCustomers(ds(), 40);
  });
  afterAll(async () => { await server?.stop(); });

  it('activation logs exactly the customers whose segment or persona changed, set-based', async () => {
    // Run A: label = index % 4, persona P<label>. Run B: customers 0..9 move to label (l+1)%4;
    // labels 2 keep their segment but get a renamed persona; customer 39 is missing from run B.
    const a = await insertRun(ds(), ids, (_c, i) => i % 4);
    await activateRun(ds(), a.runId, 'test');
    const first = await changesAfter(ds(), { after: 0, first: 1000 });
    expect(first.changes.filter((c) => c.kind === 'segment')).toHaveLength(40);
    expect(first.changes.filter((c) => c.kind === 'persona')).toHaveLength(40);
    expect(first.changes.every((c) => c.before === null && c.reason === 'activation')).toBe(true);

    const b = await insertRun(ds(), ids, (_c, i) => (i === 39 ? undefined : i < 10 ? (i + 1) % 4 : i % 4), { personaOf: (l) => (l === 2 ? 'Renamed' : `P${l}`) });
    await activateRun(ds(), b.runId, 'test');
    const second = await changesAfter(ds(), { after: first.endCursor, first: 1000 });
    const segment = second.changes.filter((c) => c.kind === 'segment');
    // 10 moved + 1 left.
    expect(segment).toHaveLength(11);
    expect(segment.find((c) => c.externalId === 'c-0')).toMatchObject({ before: '0', after: '1' });
    expect(segment.find((c) => c.externalId === 'c-39')).toMatchObject({ before: '3', after: null });
    const persona = second.changes.filter((c) => c.kind === 'persona');
    // moved customers whose persona name differs (all 10: P<l> → P<l+1> or Renamed) + label-2 stayers (c-14, 18, …, 38: 7 of them, minus none moved) + leaver.
    const stayersIn2 = ids.map((_c, i) => i).filter((i) => i >= 10 && i !== 39 && i % 4 === 2).length;
    expect(persona).toHaveLength(10 + stayersIn2 + 1);
    expect(persona.find((c) => c.externalId === 'c-10')).toMatchObject({ before: 'P2', after: 'Renamed' });
    // Activating the live run again changes nothing.
    await activateRun(ds(), b.runId, 'test');
    expect((await changesAfter(ds(), { after: second.endCursor, first: 10 })).changes).toHaveLength(0);
  });

  it('consent changes and erasure write the log in their own transaction; the feed pages with a resumable cursor and hides personal data', async () => {
    const start = await latestChangeCursor(ds());
    await changeConsent(ds(), { customerId: ids[1], channel: 'email', to: 'opted_out', source: 'api', actor: 'test' });
    // The same state again is no change.
    await changeConsent(ds(), { customerId: ids[1], channel: 'email', to: 'opted_out', source: 'api', actor: 'test' });
    await eraseCustomer(ds(), ids[2], 'test');
    const { changes } = await changesAfter(ds(), { after: start, first: 100 });
    expect(changes.map((c) => `${c.externalId}:${c.kind}:${c.before}>${c.after}:${c.reason}`)).toEqual([
      'c-1:consent:email:granted>email:opted_out:consent',
      'c-2:consent:email:granted>email:opted_out:erasure', 'c-2:consent:sms:granted>sms:opted_out:erasure', 'c-2:consent:push:none>push:opted_out:erasure',
      'c-2:erasure:null>erased:erasure',
    ]);
    expect(changes.at(-1)!.tombstone).toBe(true);

    // Pages of 2 through GraphQL, as an integration key: the cursor resumes exactly, nothing skipped or repeated.
    const seen: string[] = [];
    let after: string | null = String(start);
    for (let guard = 0; guard < 10; guard++) {
      const page: { errors?: unknown; data: Record<string, any> | null } = await server.as.integration.gql(FEED, { after, first: 2 });
      expect(page.errors).toBeUndefined();
      const feed: { nodes: { cursor: string }[]; endCursor: string; hasMore: boolean } = page.data!.customerTagChanges;
      seen.push(...feed.nodes.map((n: { cursor: string }) => n.cursor));
      after = feed.endCursor;
      if (!feed.hasMore) break;
    }
    expect(seen).toEqual(changes.map((c) => String(c.cursor)));
    const text = JSON.stringify((await server.as.integration.gql(FEED, { after: String(start), first: 100 })).data);
    expect(text).not.toContain('@example.com');
    const bad = await server.as.admin.gql(FEED, { after: 'abc', first: 2 });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].message).toMatch(/after must be a cursor/);
    expect((await server.anonymous.gql(FEED, { first: 1 })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('scores are logged only when they cross a decile', async () => {
    expect([0, 0.05, 0.1, 0.55, 0.999, 1].map(scoreDecile)).toEqual([1, 1, 2, 6, 10, 10]);
    const start = await latestChangeCursor(ds());
    await ds().transaction((m) => recordScoreChanges(m, 'response', [
      { customerId: ids[3], before: 0.31, after: 0.39 }, { customerId: ids[4], before: 0.39, after: 0.41 }, { customerId: ids[5], before: null, after: 0.2 },
    ]));
    const { changes } = await changesAfter(ds(), { after: start, first: 10, kinds: ['scores'] });
    expect(changes.map((c) => `${c.externalId}:${c.before}>${c.after}`)).toEqual(['c-4:response:4>response:5', 'c-5:null>response:3']);
  });

  it('the CSV delta starts after the cursor; retention keeps what a reader has not passed', async () => {
    const all = await changesAfter(ds(), { after: 0, first: 5000 });
    const middle = all.changes[Math.floor(all.changes.length / 2)].cursor;
    let csv = '';
    for await (const chunk of streamChangesCsv(ds(), middle, 7)) csv += chunk;
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('cursor,customer_id,kind,before,after,reason,changed_at,tombstone');
    expect(lines.length - 1).toBe(all.changes.filter((c) => c.cursor > middle).length);
    expect(Number(lines[1].split(',')[0])).toBe(all.changes.find((c) => c.cursor > middle)!.cursor);

    // A reader at `middle`: rows after it stay even when old; rows up to it go only when older than the age.
    expect(await pruneChanges(ds(), { readUpTo: middle, olderThan: new Date(Date.now() - 3600_000) })).toBe(0);
    await pruneChanges(ds(), { readUpTo: middle, olderThan: new Date(Date.now() + 3600_000) });
    const left = await changesAfter(ds(), { after: 0, first: 5000 });
    expect(left.changes.every((c) => c.cursor > middle)).toBe(true);
    expect(left.changes).toHaveLength(all.changes.filter((c) => c.cursor > middle).length);
  });

  // One dialect is enough for the command line (each run starts a process).
  it.runIf(dialect === 'sqlite')('segmenta export tags --since writes the delta and refuses a bad cursor', () => {
    const env = { ...process.env, NODE_ENV: 'test', DATABASE_URL: server.config.databaseUrl ?? '', SEGMENTA_DATA_DIR: server.config.dataDir };
    const run = (args: string[]) => execFileSync(process.execPath, ['--conditions=source', '--import', '@swc-node/register/esm-register', 'server/src/cli/index.ts', ...args],
      { env: { ...env, SWC_NODE_PROJECT: 'server/tsconfig.json' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const out = run(['export', 'tags', '--since', '0']);
    expect(out.split('\r\n')[0]).toBe('cursor,customer_id,kind,before,after,reason,changed_at,tombstone');
    expect(out).toContain(',erasure,');
    expect(() => run(['export', 'tags', '--since', 'yesterday'])).toThrow(/--since must be a cursor/);
  });
});
