import type { DataSource } from 'typeorm';
import { sqlNumber } from '../db/sql.js';
import { createRng } from '../ml/rng.js';

/**
 * Demo data only: the UCI Online Retail file has no marketing consent, and without consent every
 * audience is empty. The demo gives each customer consent per channel with these probabilities,
 * drawn independently per channel by a seeded generator over the customers in id order (the
 * same import gives the same consents). Documented in the README as demo data.
 */
export const DEMO_CONSENT_SHARES = { email: 0.6, sms: 0.25, push: 0.35 } as const;
export const DEMO_CONSENT_SEED = 2010;

const COLUMNS = { email: 'consent_email', sms: 'consent_sms', push: 'consent_push' } as const;
const BATCH = 1000;

/**
 * Seeds consent when no customer has any (a first start); returns the customers given consent
 * per channel, or null when consent was already there (then nothing is changed).
 */
export async function seedDemoConsent(db: DataSource): Promise<Record<keyof typeof COLUMNS, number> | null> {
  const [{ n }] = await db.query('SELECT COUNT(*) AS n FROM customers WHERE consent_email = 1 OR consent_sms = 1 OR consent_push = 1');
  if (sqlNumber(n) > 0) return null;
  const ids: number[] = (await db.query('SELECT id FROM customers WHERE erased_at IS NULL ORDER BY id')).map((r: { id: unknown }) => sqlNumber(r.id));
  const rng = createRng(DEMO_CONSENT_SEED);
  const chosen = { email: [] as number[], sms: [] as number[], push: [] as number[] };
  for (const id of ids) {
    for (const channel of ['email', 'sms', 'push'] as const) if (rng.nextFloat() < DEMO_CONSENT_SHARES[channel]) chosen[channel].push(id);
  }
  await db.transaction(async (manager) => {
    for (const channel of ['email', 'sms', 'push'] as const) {
      for (let i = 0; i < chosen[channel].length; i += BATCH) {
        const batch = chosen[channel].slice(i, i + BATCH);
        await manager.query(`UPDATE customers SET ${COLUMNS[channel]} = 1 WHERE id IN (${batch.map(() => '?').join(', ')})`, batch);
      }
    }
  });
  return { email: chosen.email.length, sms: chosen.sms.length, push: chosen.push.length };
}
