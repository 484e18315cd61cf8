import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { startTestServer, type TestServer } from './helpers/server.js';
import { seedShop } from './helpers/seed-shop.js';

/**
 * DB_STATEMENT_TIMEOUT_MS on MariaDB: a request's statement that runs past the limit is stopped by
 * the server and answered QUERY_TIMEOUT (never a masked internal error); the connection and the
 * process serve the next request. (SQLite statements cannot be interrupted: docs/security.md.)
 */
describe('statement time limit (MariaDB)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('mariadb', { DB_STATEMENT_TIMEOUT_MS: '300' });
    await seedShop(server.app.dataSource, server.config, { customers: 300, products: 100, ordersPerCustomer: 3 });
  }, 300_000);
  afterAll(async () => { await server?.stop(); });

  it('stops a statement that runs past the limit with QUERY_TIMEOUT, then serves the next request', async () => {
    const options = server.app.dataSource.options as { host: string; port: number; username: string; database: string };
    const locker = await mysql.createConnection({ host: options.host, port: options.port, user: options.username, database: options.database });
    try {
      // Another session holds order_lines: the recommendation read waits past the limit.
      await locker.query('LOCK TABLES order_lines WRITE');
      const began = performance.now();
      const slow = await server.as.integration.gql('{ allCustomers(perPage: 5) { id recommendedProducts(limit: 1) { score } } }');
      const ms = performance.now() - began;
      expect(slow.errors?.map((e) => e.extensions?.code)).toContain('QUERY_TIMEOUT');
      expect(slow.errors?.map((e) => e.extensions?.code)).not.toContain('INTERNAL_SERVER_ERROR');
      expect(ms).toBeLessThan(3_000);
    } finally {
      await locker.query('UNLOCK TABLES');
      await locker.end();
    }
    const next = await server.as.integration.gql('{ allCustomers(perPage: 5) { id recommendedProducts(limit: 1) { score } } }');
    expect(next.errors).toBeUndefined();
    expect(next.data?.allCustomers).toHaveLength(5);
  });
});
