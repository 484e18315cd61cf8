import path from 'node:path';
import { isIP } from 'node:net';
import { MIN_DUTY } from '../db/pacing.js';
import { AppError } from '../errors.js';
import { parseTrustProxy, type TrustProxy } from './trust-proxy.js';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './import-limits.js';

/** The one place that reads process.env. Everything else receives an AppConfig. */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** mysql://, mariadb:// or empty for the embedded SQLite database. */
  databaseUrl: string | null;
  dataDir: string;
  /** A folder watched for files to import (the inbox schedule); null when none is configured. */
  inboxDir: string | null;
  /** How often each worker's ticker looks for due schedules, campaign start times and stuck jobs. */
  tickMs: number;
  logLevel: string;
  importMaxBytes: number;
  session: { idleMinutes: number; absoluteHours: number; cookieSecure: boolean };
  graphql: { maxDepth: number; maxAliases: number; maxTokens: number; maxCost: number; bodyLimitBytes: number };
  /**
   * Requests a minute: `perMinute` per session or address (in each process's memory),
   * `perKeyPerMinute` per API key (counted in the database, shared by every API process).
   */
  rateLimit: { perMinute: number; perKeyPerMinute: number };
  worker: {
    leaseSeconds: number; pollMs: number; retryBaseSeconds: number;
    /**
     * Share of wall time (0.05–1) a job's bulk database work may take: after each batch it rests
     * for the rest (db/pacing.ts). 1 = no pacing.
     */
    dbDuty: number;
  };
  /** API requests: a database query with no answer for this long fails (0 = no limit). */
  dbQueryTimeoutMs: number;
  /** API requests (MySQL/MariaDB): the database stops a statement after this long, answered QUERY_TIMEOUT (0 = no limit). */
  dbStatementTimeoutMs: number;
  /** `segmenta serve` seals Object.prototype at boot: no property can be added to it (docs/security.md). */
  sealObjectPrototype: boolean;
  bootstrapAdmin: { email: string; password: string } | null;
  /** Who may name the client's address in X-Forwarded-For (config/trust-proxy.ts). */
  trustProxy: TrustProxy;
  /**
   * MySQL/MariaDB connection pool of an API process: connections, and how long and how many
   * requests may wait for one before they are answered "busy" (503 BUSY with Retry-After).
   */
  dbPool: { size: number; waitMs: number; queueLimit: number };
  /** What one import file may cost beyond its size (modules/imports/import-limits.ts). */
  importLimits: ImportLimits;
  /** Uploaded files are deleted this long after their import finished, or after upload when never imported. */
  uploadRetentionHours: number;
  /** HMAC key of the signed preferences links (modules/consent/consent-link.ts); null: links are off. */
  consentLinkSecret: string | null;
  /** Webhook destinations (modules/destinations/). */
  destinations: {
    /** Private addresses or CIDRs deliveries may reach anyway (on-premise receivers, tests); everything private is refused otherwise. */
    allowAddresses: string[];
    /** Multiplies the Standard Webhooks retry schedule (1 = 5 s … 10 h; tests shrink it). */
    retryScale: number;
    /** A delivery with no answer after this long is a failed attempt. */
    timeoutMs: number;
    /** How often an idle destination looks for new changes. */
    pollSeconds: number;
    /** Change-log rows that every destination has passed are pruned once older than this (0 = keep). */
    changeRetentionDays: number;
  };
}

function int(env: NodeJS.ProcessEnv, key: string, fallback: number, min = 0): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new AppError('CONFIG_INVALID', `${key} must be an integer >= ${min}, got "${raw}"`);
  }
  return value;
}

/** A number in [min, max]. */
function fraction(env: NodeJS.ProcessEnv, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new AppError('CONFIG_INVALID', `${key} must be a number from ${min} to ${max}, got "${raw}"`);
  return value;
}

/** At least 32 characters (e.g. `openssl rand -base64 32`): a short key could be guessed from links. */
function linkSecret(env: NodeJS.ProcessEnv): string | null {
  const raw = env.SEGMENTA_LINK_SECRET?.trim() ?? '';
  if (raw === '') return null;
  if (raw.length < 32) throw new AppError('CONFIG_INVALID', 'SEGMENTA_LINK_SECRET must have at least 32 characters');
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^(mysql|mariadb):\/\//.test(databaseUrl)) {
    throw new AppError('CONFIG_INVALID', 'DATABASE_URL must start with mysql:// or mariadb:// (leave it empty for the embedded database)');
  }
  const adminEmail = env.SEGMENTA_ADMIN_EMAIL?.trim();
  const adminPassword = env.SEGMENTA_ADMIN_PASSWORD ?? '';
  if (adminEmail && adminPassword.length < 8) {
    throw new AppError('CONFIG_INVALID', 'SEGMENTA_ADMIN_PASSWORD must have at least 8 characters');
  }
  return {
    env: nodeEnv,
    host: env.HOST || '127.0.0.1',
    port: int(env, 'PORT', 4000),
    databaseUrl,
    dataDir: path.resolve(env.SEGMENTA_DATA_DIR || '.segmenta'),
    inboxDir: env.SEGMENTA_INBOX_DIR ? path.resolve(env.SEGMENTA_INBOX_DIR) : null,
    tickMs: int(env, 'SEGMENTA_TICK_MS', 15_000, 100),
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    importMaxBytes: int(env, 'SEGMENTA_IMPORT_MAX_BYTES', 512 * 1024 * 1024, 1),
    session: {
      idleMinutes: int(env, 'SESSION_IDLE_MINUTES', 60, 1),
      absoluteHours: int(env, 'SESSION_ABSOLUTE_HOURS', 12, 1),
      cookieSecure: env.SESSION_COOKIE_SECURE === 'true',
    },
    graphql: {
      maxDepth: int(env, 'GRAPHQL_MAX_DEPTH', 8, 1),
      maxAliases: int(env, 'GRAPHQL_MAX_ALIASES', 15, 0),
      maxTokens: int(env, 'GRAPHQL_MAX_TOKENS', 2000, 10),
      maxCost: int(env, 'GRAPHQL_MAX_COST', 5000, 1),
      bodyLimitBytes: int(env, 'GRAPHQL_BODY_LIMIT_BYTES', 1024 * 1024, 1024),
    },
    rateLimit: { perMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 6000, 1), perKeyPerMinute: int(env, 'API_KEY_RATE_LIMIT_PER_MINUTE', 1200, 1) },
    worker: {
      leaseSeconds: int(env, 'WORKER_LEASE_SECONDS', 30, 1), pollMs: int(env, 'WORKER_POLL_MS', 500, 10),
      retryBaseSeconds: int(env, 'WORKER_RETRY_BASE_SECONDS', 2, 0),
      dbDuty: fraction(env, 'WORKER_DB_DUTY', 1, MIN_DUTY, 1),
    },
    dbQueryTimeoutMs: int(env, 'DB_QUERY_TIMEOUT_MS', 10_000, 0),
    dbStatementTimeoutMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 5_000, 0),
    sealObjectPrototype: env.SEAL_OBJECT_PROTOTYPE !== 'false',
    bootstrapAdmin: adminEmail ? { email: adminEmail, password: adminPassword } : null,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    dbPool: {
      size: int(env, 'DB_POOL_SIZE', 10, 1),
      waitMs: int(env, 'DB_POOL_WAIT_MS', 5_000, 1),
      queueLimit: int(env, 'DB_POOL_QUEUE_LIMIT', 1_000, 1),
    },
    importLimits: {
      maxAttributes: int(env, 'SEGMENTA_IMPORT_MAX_ATTRIBUTES', DEFAULT_IMPORT_LIMITS.maxAttributes, 0),
      maxAttributeBytes: int(env, 'SEGMENTA_IMPORT_MAX_ATTRIBUTE_BYTES', DEFAULT_IMPORT_LIMITS.maxAttributeBytes, 2),
      maxGzipRatio: int(env, 'SEGMENTA_IMPORT_MAX_GZIP_RATIO', DEFAULT_IMPORT_LIMITS.maxGzipRatio, 1),
      maxDecompressedBytes: int(env, 'SEGMENTA_IMPORT_MAX_DECOMPRESSED_BYTES', DEFAULT_IMPORT_LIMITS.maxDecompressedBytes, 1),
    },
    uploadRetentionHours: int(env, 'SEGMENTA_UPLOAD_RETENTION_HOURS', 24, 0),
    consentLinkSecret: linkSecret(env),
    destinations: {
      allowAddresses: addressList(env, 'DESTINATIONS_ALLOW_ADDRESSES'),
      retryScale: fraction(env, 'DESTINATIONS_RETRY_SCALE', 1, 0.0001, 10),
      timeoutMs: int(env, 'DESTINATIONS_TIMEOUT_MS', 15_000, 100),
      pollSeconds: fraction(env, 'DESTINATIONS_POLL_SECONDS', 30, 0.05, 86_400),
      changeRetentionDays: int(env, 'SEGMENTA_CHANGE_RETENTION_DAYS', 30, 0),
    },
  };
}

/** A comma-separated list of IP addresses or CIDRs (a.b.c.d/n, v6/n). */
function addressList(env: NodeJS.ProcessEnv, key: string): string[] {
  const raw = env[key]?.trim() ?? '';
  if (!raw) return [];
  return raw.split(',').map((part) => part.trim()).filter(Boolean).map((entry) => {
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address);
    const max = family === 6 ? 128 : 32;
    if (!family || extra !== undefined || (prefix !== undefined && !(/^\d+$/.test(prefix) && Number(prefix) <= max))) {
      throw new AppError('CONFIG_INVALID', `${key}: "${entry}" is not an IP address or CIDR (e.g. 127.0.0.1 or 10.0.0.0/8)`);
    }
    return entry;
  });
}
