import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/index.js';
import { principalFromApiKey, principalFromSession, verifyPassword } from '../modules/auth/index.js';
import type { DatabaseProbe } from './health.js';

/**
 * GET /health, the deep check: can this process serve its core paths, not only answer? A process
 * whose Object.prototype was written to (a request key used as an object key) answered /health/live
 * and the database probe while every sign-in, session and API key failed and its job worker
 * stopped claiming. So this check walks those paths with values that match nothing:
 *
 * - Object.prototype has the own properties (and descriptors) it had at boot;
 * - a password check runs (scrypt with a tiny cost factor: the code path, not the brake);
 * - a session and an API-key lookup run through the ORM and find nothing;
 * - the database answers a trivial query (the probe, on its own connection);
 * - the job claimer of this process, if it runs one, finished a poll within its allowance (or is
 *   running a job, which heartbeats on its own).
 *
 * Probes that arrive together share one run. With every pooled connection busy the lookups are
 * skipped (a busy instance is still healthy: requests queue, then get BUSY with Retry-After).
 */
export interface DeepHealthReport { healthy: boolean; checks: Record<string, string>; reason?: string }

interface PollingWorker { runOnce(): Promise<boolean> }

const PROBE_PASSWORD = 'health-probe';
const PROBE_CREDENTIAL = `health-probe-${crypto.randomBytes(16).toString('hex')}`;

function prototypeDescriptors(): Map<PropertyKey, PropertyDescriptor> {
  return new Map(Reflect.ownKeys(Object.prototype).map((key) => [key, Object.getOwnPropertyDescriptor(Object.prototype, key)!]));
}

/** What differs on Object.prototype from `boot`: added, removed or replaced properties. */
export function prototypeChanges(boot: Map<PropertyKey, PropertyDescriptor>): string[] {
  const now = prototypeDescriptors();
  const changes: string[] = [];
  for (const [key, d] of now) {
    const was = boot.get(key);
    if (!was) changes.push(`added ${String(key)}`);
    else if (was.value !== d.value || was.get !== d.get || was.set !== d.set || was.writable !== d.writable || was.enumerable !== d.enumerable) changes.push(`changed ${String(key)}`);
  }
  for (const key of boot.keys()) if (!now.has(key)) changes.push(`removed ${String(key)}`);
  return changes;
}

export class DeepHealth {
  private readonly bootPrototype = prototypeDescriptors();
  private readonly passwordHash: string;
  private claimer: { busySince: number | null; lastPollAt: number; allowanceMs: number } | null = null;
  private workerThread: (() => { state: string }) | null = null;
  private inFlight: Promise<DeepHealthReport> | null = null;

  constructor(private readonly dataSource: DataSource, private readonly config: AppConfig, private readonly probe: DatabaseProbe) {
    const salt = crypto.randomBytes(16);
    const key = crypto.scryptSync(PROBE_PASSWORD, salt, 32, { N: 16, r: 1, p: 1 });
    this.passwordHash = ['scrypt', 16, 1, 1, salt.toString('base64'), key.toString('base64')].join('$');
  }

  /**
   * Follows a job worker's polls (wraps its runOnce). A loop whose claims keep failing, or that
   * stopped, shows as no finished poll within `allowanceMs` (default: 20 polls, at least 30 s).
   */
  watchClaimer(worker: PollingWorker, pollMs: number, allowanceMs = Math.max(30_000, pollMs * 20)): void {
    const state = { busySince: null as number | null, lastPollAt: Date.now(), allowanceMs };
    this.claimer = state;
    const runOnce = worker.runOnce.bind(worker);
    worker.runOnce = async () => {
      state.busySince = Date.now();
      try {
        const worked = await runOnce();
        state.lastPollAt = Date.now();
        return worked;
      } finally {
        state.busySince = null;
      }
    };
  }

  /**
   * Follows the in-process worker on its own thread (jobs-thread/): its claims run in another
   * realm, so a request cannot poison them; a crashed thread is restarted by its supervisor. The
   * check fails only when the worker stopped while this process still serves.
   */
  watchWorkerThread(status: () => { state: string }): void {
    this.workerThread = status;
  }

  check(): Promise<DeepHealthReport> {
    this.inFlight ??= this.run().finally(() => { this.inFlight = null; });
    return this.inFlight;
  }

  private async run(): Promise<DeepHealthReport> {
    const checks: Record<string, string> = {};
    const fail = (name: string, reason: string): DeepHealthReport => {
      checks[name] = name === 'database' ? 'unreachable' : 'failed';
      return { healthy: false, checks, reason: `${name}: ${reason}` };
    };
    const changed = prototypeChanges(this.bootPrototype);
    if (changed.length) return fail('prototype', `Object.prototype was modified (${changed.slice(0, 5).join(', ')})`);
    checks.prototype = 'ok';
    try {
      if (!(await verifyPassword(PROBE_PASSWORD, this.passwordHash))) return fail('password', 'a known password did not verify');
      if (await verifyPassword(`${PROBE_PASSWORD}!`, this.passwordHash)) return fail('password', 'a wrong password verified');
    } catch (error) {
      return fail('password', (error as Error).message);
    }
    checks.password = 'ok';
    if (!(await this.probe.answers())) return fail('database', 'unreachable');
    checks.database = 'ok';
    const pool = this.probe.pool();
    if (pool && pool.inUse >= pool.size && pool.waiting > 0) {
      checks.auth = 'skipped (pool busy)';
    } else {
      try {
        if (await principalFromSession(this.dataSource, this.config, PROBE_CREDENTIAL)) return fail('auth', 'an unknown session token was accepted');
        if (await principalFromApiKey(this.dataSource, PROBE_CREDENTIAL)) return fail('auth', 'an unknown API key was accepted');
      } catch (error) {
        return fail('auth', `session or API-key lookup failed (${(error as Error).name})`);
      }
      checks.auth = 'ok';
    }
    if (this.workerThread) {
      const { state } = this.workerThread();
      if (state === 'stopped') return fail('jobs', 'the in-process job worker has stopped');
      checks.jobs = state;
    }
    if (this.claimer) {
      const idleMs = Date.now() - this.claimer.lastPollAt;
      if (this.claimer.busySince === null && idleMs > this.claimer.allowanceMs) return fail('jobs', `the job worker has not finished a poll for ${Math.round(idleMs / 1000)} s`);
      checks.jobs = this.claimer.busySince === null ? 'ok' : 'running a job';
    }
    return { healthy: true, checks };
  }
}
