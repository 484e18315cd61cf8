import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../../server/src/config/index.js';
import { openDatabase } from '../../server/src/db/data-source.js';
import { MARIADB_URL } from './env.js';

export type TestDialect = 'mariadb' | 'sqlite';
export const TEST_DIALECTS: TestDialect[] = ['mariadb', 'sqlite'];

export interface TestDatabase {
  dialect: TestDialect;
  config: AppConfig;
  dataSource: DataSource;
  drop(): Promise<void>;
}

async function mariadbAdmin(sql: string): Promise<void> {
  const url = new URL(MARIADB_URL);
  const conn = await mysql.createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
  try { await conn.query(sql); } finally { await conn.end(); }
}

/** A config for a fresh, empty database of the given dialect (a new MariaDB schema, or a new SQLite file). */
export async function freshConfig(dialect: TestDialect, env: NodeJS.ProcessEnv = {}): Promise<{ config: AppConfig; drop(): Promise<void> }> {
  const suffix = crypto.randomBytes(4).toString('hex');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `segmenta-test-${suffix}-`));
  if (dialect === 'sqlite') {
    const config = loadConfig({ NODE_ENV: 'test', SEGMENTA_DATA_DIR: dataDir, ...env });
    return { config, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `segmenta_test_${suffix}`;
  await mariadbAdmin(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const config = loadConfig({ NODE_ENV: 'test', SEGMENTA_DATA_DIR: dataDir, DATABASE_URL: `${MARIADB_URL.replace(/\/$/, '')}/${name}`, ...env });
  return {
    config,
    drop: async () => {
      await mariadbAdmin(`DROP DATABASE IF EXISTS \`${name}\``);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A migrated, empty database for one test file. */
export async function createTestDatabase(dialect: TestDialect, env: NodeJS.ProcessEnv = {}): Promise<TestDatabase> {
  const { config, drop } = await freshConfig(dialect, env);
  const dataSource = await openDatabase(config);
  return {
    dialect, config, dataSource,
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await drop();
    },
  };
}

/**
 * A second connection to a test's MariaDB database, to hold locks the app's statements then wait
 * for, and the app's statements that are waiting, as MariaDB's process list shows them: for a table
 * lock, and with `rowLocks` also for a row lock (an UPDATE held by another transaction).
 */
export async function mariadbObserver(config: AppConfig): Promise<{ conn: mysql.Connection; waiting(opts?: { rowLocks?: boolean }): Promise<string[]>; end(): Promise<void> }> {
  const url = new URL(config.databaseUrl!);
  const database = url.pathname.slice(1);
  const conn = await mysql.createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password), database });
  return {
    conn,
    async waiting({ rowLocks = false } = {}) {
      const [rows] = await conn.query(`SELECT INFO AS sql_text FROM information_schema.PROCESSLIST
        WHERE DB = ? AND ID <> CONNECTION_ID() AND INFO IS NOT NULL
          AND (STATE LIKE 'Waiting for table%'${rowLocks ? " OR STATE IN ('Updating', 'Searching rows for update')" : ''})`, [database]) as unknown as [{ sql_text: string }[]];
      return rows.map((r) => r.sql_text);
    },
    end: () => conn.end(),
  };
}
