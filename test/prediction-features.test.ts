// Response features are computed as of each campaign's send time: nothing at or after it counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseExamples, responseFeaturesAsOf, RESPONSE_FEATURES } from '../server/src/modules/models/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './helpers/db.js';
import { CAMPAIGNS, seedCampaignHistory, sqlTime } from './helpers/seed-campaigns.js';

const DAY = 86_400_000;

describe.each(TEST_DIALECTS)('response features on %s', (dialect) => {
  let db: TestDatabase;
  let customerIds: number[];
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    ({ customerIds } = await seedCampaignHistory(db.dataSource, 40, 5));
  });
  afterAll(async () => { await db?.drop(); });

  it('never lets orders, events or outcomes at or after the send time change a training example', async () => {
    const ts = (d: Date) => sqlTime(db.dataSource, d);
    let invoice = 0;
    // For every customer: an order exactly at the send time, a big return a day later, a large
    // order a month later, browsing an hour later and a later campaign contact.
    const leakAfter = async (sentAt: Date, tag: string) => {
      for (const id of customerIds) {
        for (const offset of [0, DAY, 30 * DAY]) {
          await db.dataSource.query(`INSERT INTO orders (invoice_no, customer_id, ordered_at, status, country, total_amount, item_count, line_count) VALUES (?, ?, ?, ?, 'United Kingdom', ?, 1, 1)`,
            [`LEAK${invoice++}`, id, ts(new Date(sentAt.getTime() + offset)), offset === DAY ? 'cancelled' : 'completed', offset === DAY ? -500 : 9999]);
        }
        await db.dataSource.query(`INSERT INTO events (event_key, customer_id, session_id, type, occurred_at) VALUES (?, ?, ?, 'product_view', ?)`,
          [`leak-${id}-${tag}`, id, `s-${id}-${tag}`, ts(new Date(sentAt.getTime() + 3600_000))]);
        await db.dataSource.query(`INSERT INTO campaign_outcomes (campaign_key, customer_id, sent_at, responded, converted, revenue, source, updated_at) VALUES (?, ?, ?, 1, 1, 10, 'import', ?)`,
          [`later-${tag}`, id, ts(new Date(sentAt.getTime() + 2 * DAY)), ts(new Date())]);
      }
    };
    const examples = async (campaign: string) => responseExamples(db.dataSource, { campaigns: [campaign] });
    const spring = await examples('spring-2011');
    const autumn = await examples('autumn-2011');
    expect(spring.length + autumn.length).toBe(80);
    // Rows after the autumn send change neither campaign's examples…
    await leakAfter(CAMPAIGNS[1].sentAt, 'autumn');
    expect(await examples('spring-2011')).toEqual(spring);
    expect(await examples('autumn-2011')).toEqual(autumn);
    // …and rows after the spring send (but before autumn) change no spring example.
    await leakAfter(CAMPAIGNS[0].sentAt, 'spring');
    expect(await examples('spring-2011')).toEqual(spring);
    // They are real history for autumn, which sees them.
    expect(await examples('autumn-2011')).not.toEqual(autumn);
  });

  it('does count what happened before the send time (the check above is not vacuous)', async () => {
    const example = (await responseExamples(db.dataSource, { campaigns: ['autumn-2011'] }))[0];
    const at = new Date(CAMPAIGNS[1].sentAt.getTime() - 2 * DAY);
    await db.dataSource.query(`INSERT INTO orders (invoice_no, customer_id, ordered_at, status, country, total_amount, item_count, line_count) VALUES ('BEFORE1', ?, ?, 'completed', 'United Kingdom', 50, 1, 1)`,
      [example.customerId, sqlTime(db.dataSource, at)]);
    const changed = (await responseExamples(db.dataSource, { campaigns: ['autumn-2011'] })).find((e) => e.customerId === example.customerId)!;
    const f = (row: number[], name: (typeof RESPONSE_FEATURES)[number]) => row[RESPONSE_FEATURES.indexOf(name)];
    expect(f(changed.features, 'frequency')).toBe(f(example.features, 'frequency') + 1);
    expect(f(changed.features, 'recencyDays')).toBe(2);
    // Spring (sent first) had no earlier contact; autumn has spring and the contact two days after it.
    const spring = (await responseExamples(db.dataSource, { campaigns: ['spring-2011'] })).find((e) => e.customerId === example.customerId)!;
    expect(f(spring.features, 'priorContacts')).toBe(0);
    expect(f(changed.features, 'priorContacts')).toBe(2);
  });

  it('scores as of a date with the same definitions', async () => {
    const asOf = CAMPAIGNS[0].sentAt;
    const scored = await responseFeaturesAsOf(db.dataSource, asOf);
    const spring = await responseExamples(db.dataSource, { campaigns: ['spring-2011'] });
    for (const example of spring.slice(0, 10)) expect(scored.get(example.customerId)).toEqual(example.features);
  });
});
