import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { AppConfig } from './config/index.js';
import { UserEntity, createUser } from './modules/auth/index.js';
import { ImportRunEntity, startImport } from './modules/imports/index.js';
import { DEMO_ACTOR, DEMO_HISTORY_JOB } from './demo/demo-history.job.js';

export const DEMO_PASSWORD = 'segmenta-demo';
export const DEMO_USERS = [
  { email: 'admin@segmenta.local', name: 'Ada Admin', role: 'admin' as const },
  { email: 'marketer@segmenta.local', name: 'Max Marketer', role: 'marketer' as const },
  { email: 'analyst@segmenta.local', name: 'Ana Analyst', role: 'analyst' as const },
];

/**
 * First start of the demo: sign-in users for each role, then the demo data's import, whose
 * follow-up job (demo/demo-history.job.ts) builds the rest of the demo. Only on the embedded database, never on
 * a configured MySQL server, where users are created with `segmenta user create`.
 */
export async function prepareDemo(dataSource: DataSource, config: AppConfig, logger: Logger): Promise<void> {
  if (config.databaseUrl) {
    logger.warn('--demo is ignored with DATABASE_URL: demo users and data are for the embedded database only');
    return;
  }
  if ((await dataSource.getRepository(UserEntity).count()) === 0) {
    for (const user of DEMO_USERS) await createUser(dataSource, { ...user, password: DEMO_PASSWORD });
    logger.info({ users: DEMO_USERS.map((u) => u.email), password: DEMO_PASSWORD }, 'demo users created');
  }
  if ((await dataSource.getRepository(ImportRunEntity).count()) === 0) {
    const file = demoFile();
    const { run } = await startImport(dataSource, config, { kind: 'orders', filePath: file, timezone: 'Europe/London' }, DEMO_ACTOR, { type: DEMO_HISTORY_JOB, payload: {} });
    logger.info({ importId: run.id, file: path.basename(file) },
      'demo data queued: UCI Online Retail (CC BY 4.0), then demo consent, a past campaign with a control group, an example audience and campaign, a first segmentation and a response model');
  }
}

/** The shipped Online Retail file (datasets/online-retail), from the TypeScript source or the compiled output. */
export function demoFile(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const relative = 'datasets/online-retail/online_retail.csv.gz';
  for (const candidate of [path.resolve(here, '../..', relative), path.resolve(here, '../../../..', relative)]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`demo data file ${relative} is missing`);
}
