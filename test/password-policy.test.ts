import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextWords, withoutContextWords } from '../server/src/modules/auth/index.js';
import { PASSWORD, startTestServer, type TestServer } from './helpers/server.js';

describe('context words', () => {
  it('takes the e-mail, its parts, the domain, the name, the role and the product', () => {
    expect(contextWords({ email: 'Ann.Smith87@Corp.example', name: 'Ann Smith-Jones', role: 'analyst' }).sort()).toEqual(
      ['analyst', 'ann', 'ann.smith87', 'ann.smith87@corp.example', 'corp', 'jones', 'segmenta', 'smith'].sort(),
    );
    expect(withoutContextWords('AnnSmith1987!', ['ann', 'smith'])).toBe('1987!');
    expect(withoutContextWords('Segmenta-2026', ['segmenta'])).toBe('-2026');
  });
});

describe('password policy for passwords set through the API (SQLite)', () => {
  let server: TestServer;
  beforeAll(async () => {
    // The bootstrap admin's password is the operator's: 8 characters are enough.
    server = await startTestServer('sqlite', { SEGMENTA_ADMIN_EMAIL: 'boot@test.local', SEGMENTA_ADMIN_PASSWORD: 'segmenta-demo' });
  });
  afterAll(async () => { await server?.stop(); });

  const create = (email: string, name: string, password: string) =>
    server.as.admin.gql('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { email, name, role: 'analyst', password } });

  it('refuses common, patterned and context-derived passwords with the reason, and creates no user', async () => {
    const cases: [string, string, string, RegExp][] = [
      ['ann.smith@corp.example', 'Ann Smith', 'password123', /too easy to guess.*commonly used/],
      ['ann.smith@corp.example', 'Ann Smith', 'qwertyuiop', /too easy to guess/],
      ['ann.smith@corp.example', 'Ann Smith', 'Segmenta2024!', /too easy to guess|product's name/],
      ['ann.smith@corp.example', 'Ann Smith', 'annsmith1987', /e-mail, name or role/],
      ['ann.smith@corp.example', 'Ann Smith', 'segmenta-analyst-2026', /product's name/],
      ['ann.smith@corp.example', 'Ann Smith', 'ann.smith@corp.example', /too easy to guess|e-mail, name or role/],
    ];
    for (const [email, name, password, reason] of cases) {
      const res = await create(email, name, password);
      expect(res.errors?.[0]?.extensions?.code, password).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message, password).toMatch(reason);
      // On the field, for the admin form.
      expect(res.errors?.[0]?.extensions?.fields, password).toEqual([{ field: 'password', problems: [res.errors![0].message] }]);
    }
    const users = await server.as.admin.gql('{ allUsers(filter: { q: "ann.smith" }) { id } }');
    expect(users.data?.allUsers).toEqual([]);
  });

  it('accepts a strong password, and the user can sign in with it', async () => {
    const res = await create('bea@test.local', 'Bea', 'Quartz-Violin-Harbor-88');
    expect(res.errors).toBeUndefined();
    expect((await server.login('bea@test.local', 'Quartz-Violin-Harbor-88')).response.errors).toBeUndefined();
  });

  it('refuses a weak new password in updateUser and keeps the old one', async () => {
    const { data } = await create('cal@test.local', 'Cal Jones', 'Tangerine-Orbit-Lantern-4');
    const weak = await server.as.admin.gql('mutation($id: ID!) { updateUser(id: $id, input: { password: "caljones2024" }) { id } }', { id: data!.createUser.id });
    expect(weak.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await server.login('cal@test.local', 'Tangerine-Orbit-Lantern-4')).response.errors).toBeUndefined();
  });

  it('leaves the operator\'s passwords alone: the bootstrap admin signs in with "segmenta-demo"', async () => {
    const { response } = await server.login('boot@test.local', 'segmenta-demo');
    expect(response.errors).toBeUndefined();
    expect(response.data?.login).toMatchObject({ role: 'admin' });
    expect(PASSWORD).toBe('correct horse battery');
  });

  it('estimates off the event loop: a long patterned password does not stall the API', async () => {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    const res = await create('dan@test.local', 'Dan', 'aB3$'.repeat(40));
    const took = performance.now() - started;
    delay.disable();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const maxDelayMs = delay.max / 1e6;
    // Run on the main thread, the estimate would have blocked it for most of `took`.
    expect(maxDelayMs, `event loop stalled ${maxDelayMs.toFixed(0)} ms of ${took.toFixed(0)} ms`).toBeLessThan(Math.max(100, took / 2));
  });
});
