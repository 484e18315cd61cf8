import type { AppConfig } from '../../server/src/config/index.js';
import { createLogger } from '../../server/src/logger.js';
import { serve, type Segmenta } from '../../server/src/main.js';
import { createUser, createApiKey } from '../../server/src/modules/auth/index.js';
import { freshConfig, type TestDialect } from './db.js';

export const PASSWORD = 'correct horse battery';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data: T | null;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
}

export interface Caller {
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
}

/** A real Segmenta HTTP server on a fresh database, with one user per role and an API key. */
export interface TestServer {
  url: string;
  app: Segmenta;
  config: AppConfig;
  anonymous: Caller;
  as: Record<'admin' | 'marketer' | 'analyst' | 'integration', Caller>;
  apiKey: string;
  login(email: string, password: string): Promise<{ caller: Caller; cookie: string | null; response: GraphQLResponse }>;
  stop(): Promise<void>;
}

export function callerWith(url: string, headers: Record<string, string>): Caller {
  return {
    async gql(query, variables) {
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as GraphQLResponse;
      return { status: res.status, data: (body.data ?? null) as never, errors: body.errors };
    },
  };
}

export async function startTestServer(dialect: TestDialect, env: NodeJS.ProcessEnv = {}, opts: { withWorker?: boolean } = {}): Promise<TestServer> {
  const { config, drop } = await freshConfig(dialect, env);
  const app = await serve(config, createLogger(config), { port: 0, withWorker: opts.withWorker ?? false, adminDist: null });
  const url = app.server.url;
  for (const role of ['admin', 'marketer', 'analyst'] as const) {
    await createUser(app.dataSource, { email: `${role}@test.local`, name: `Test ${role}`, role, password: PASSWORD });
  }
  const { plain } = await createApiKey(app.dataSource, { name: 'test integration' });

  const login = async (email: string, password: string) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id role } }', variables: { e: email, p: password } }),
    });
    const setCookie = res.headers.get('set-cookie');
    const cookie = setCookie ? setCookie.split(';')[0] : null;
    const body = (await res.json()) as GraphQLResponse;
    return { caller: callerWith(url, cookie ? { cookie } : {}), cookie, response: { status: res.status, data: body.data ?? null, errors: body.errors } };
  };
  const as = {
    admin: (await login('admin@test.local', PASSWORD)).caller,
    marketer: (await login('marketer@test.local', PASSWORD)).caller,
    analyst: (await login('analyst@test.local', PASSWORD)).caller,
    integration: callerWith(url, { authorization: `Bearer ${plain}` }),
  };
  return {
    url, app, config, as, apiKey: plain, anonymous: callerWith(url, {}), login,
    async stop() {
      await app.stop();
      await drop();
    },
  };
}
