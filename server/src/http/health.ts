import mysql2 from 'mysql2';
import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { inProcessWorkerStatus } from '../jobs-thread/in-process-worker.js';

/** How long the probe waits for the database before calling it unreachable. */
const PROBE_TIMEOUT_MS = 1_000;

type ProbeConnection = { query(options: { sql: string; timeout: number }, callback: (error: unknown) => void): void; destroy(): void; on(event: 'error', listener: (error: unknown) => void): void };
type PoolInternals = { _allConnections?: { length: number }; _freeConnections?: { length: number }; _connectionQueue?: { length: number }; config?: { connectionLimit?: number } };

/**
 * Does the database answer? Asked on a connection of its own, outside the request pool: with every
 * pooled connection busy serving requests, a probe queued behind them would time out and call a
 * healthy database down (and a load balancer would take a busy instance out, sending its load to
 * the others). Probes that arrive together share one query. On SQLite the embedded database answers
 * through the data source (it has no pool to saturate).
 */
export class DatabaseProbe {
  private connection: ProbeConnection | null = null;
  private inFlight: Promise<boolean> | null = null;

  constructor(readonly dataSource: DataSource) {}

  answers(): Promise<boolean> {
    this.inFlight ??= this.ask().finally(() => { this.inFlight = null; });
    return this.inFlight;
  }

  /** The request pool's state (MySQL/MariaDB): every connection in use and requests waiting = busy. */
  pool(): { size: number; inUse: number; waiting: number } | null {
    const pool = (this.dataSource.driver as unknown as { pool?: PoolInternals }).pool;
    if (!pool?._allConnections || !pool._freeConnections || !pool._connectionQueue) return null;
    return { size: pool.config?.connectionLimit ?? 0, inUse: pool._allConnections.length - pool._freeConnections.length, waiting: pool._connectionQueue.length };
  }

  close(): void {
    this.connection?.destroy();
    this.connection = null;
  }

  private async ask(): Promise<boolean> {
    if (this.dataSource.options.type === 'better-sqlite3') {
      try { await this.dataSource.query('SELECT 1'); return true; } catch { return false; }
    }
    try {
      const connection = this.connection ??= this.open();
      await new Promise<void>((resolve, reject) => connection.query({ sql: 'SELECT 1', timeout: PROBE_TIMEOUT_MS }, (error) => (error ? reject(error) : resolve())));
      return true;
    } catch {
      // A refused, broken or silent connection: the next probe opens a fresh one.
      this.close();
      return false;
    }
  }

  private open(): ProbeConnection {
    const options = this.dataSource.options as { host?: string; port?: number; username?: string; password?: string; database?: string };
    const connection = mysql2.createConnection({
      host: options.host, port: options.port, user: options.username, password: options.password, database: options.database,
      connectTimeout: PROBE_TIMEOUT_MS, enableKeepAlive: true,
    }) as unknown as ProbeConnection;
    // Without a listener a dropped connection's error would crash the process; the next probe notices.
    connection.on('error', () => { if (this.connection === connection) this.connection = null; });
    return connection;
  }
}

/**
 * GET /health/live: the process answers (it never looks at the database: a restart would not help
 * a database outage); with `serve --with-worker` it also reports the worker thread's state and
 * last heartbeat (information only: a busy worker does not make the API unhealthy). GET /health/ready: the instance can serve, i.e. the database answers; a
 * database that answers while every pooled connection is busy is ready (`pool.busy: true`), since
 * requests queue for a bounded time and are otherwise answered BUSY with Retry-After.
 */
export function mountHealthRoutes(app: Express, deps: { probe: DatabaseProbe; logger: Logger; retryAfterSeconds: number }): void {
  app.get('/health/live', (_req, res) => {
    const worker = inProcessWorkerStatus(deps.probe.dataSource);
    res.set('cache-control', 'no-store').json({ status: 'ok', ...(worker ? { worker } : {}) });
  });

  app.get('/health/ready', async (_req, res) => {
    const pool = deps.probe.pool();
    const poolState = pool ? { pool: { ...pool, busy: pool.inUse >= pool.size && pool.waiting > 0 } } : {};
    res.set('cache-control', 'no-store');
    if (await deps.probe.answers()) {
      res.json({ status: 'ok', database: 'ok', ...poolState });
      return;
    }
    deps.logger.warn('readiness check: database unreachable');
    res.status(503).set('retry-after', String(deps.retryAfterSeconds)).json({ status: 'unavailable', database: 'unreachable', ...poolState });
  });
}
