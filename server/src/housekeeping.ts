import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { AppConfig } from './config/index.js';
import { sweepUploads } from './modules/imports/index.js';
import { pruneLoginThrottles } from './modules/auth/index.js';
import { pruneChangeLog } from './modules/destinations/index.js';

/** How often the API process tidies up: uploads past their retention, forgotten sign-in failures, old change-log rows. */
export const HOUSEKEEPING_INTERVAL_MS = 10 * 60_000;

/** Runs the sweeps once now and then every interval; wiring only, the work lives in the modules. */
export function startHousekeeping(dataSource: DataSource, config: AppConfig, logger: Logger): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const sweep = () => {
    running ??= (async () => {
      try {
        const removed = await sweepUploads(dataSource, config);
        if (removed.length) logger.info({ removed: removed.length }, 'removed uploads past their retention');
        await pruneLoginThrottles(dataSource, new Date());
        const pruned = await pruneChangeLog(dataSource, config);
        if (pruned) logger.info({ pruned }, 'pruned change-log rows every reader has passed');
      } catch (error) {
        logger.warn({ err: error }, 'housekeeping failed; trying again later');
      } finally {
        running = null;
      }
    })();
  };
  sweep();
  const timer = setInterval(sweep, HOUSEKEEPING_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
