import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { AppConfig } from './config/index.js';
import { UserEntity } from './modules/auth/user.entity.js';
import { createUser } from './modules/auth/auth.service.js';

export const DEMO_PASSWORD = 'segmenta-demo';
export const DEMO_USERS = [
  { email: 'admin@segmenta.local', name: 'Ada Admin', role: 'admin' as const },
  { email: 'marketer@segmenta.local', name: 'Max Marketer', role: 'marketer' as const },
  { email: 'analyst@segmenta.local', name: 'Ana Analyst', role: 'analyst' as const },
];

/**
 * First start of the demo: sign-in users for each role. Only on the embedded database, never on
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
}
