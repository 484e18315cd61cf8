import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerEntity } from '../server/src/modules/customers/index.js';
import { OrderEntity } from '../server/src/modules/orders/index.js';
import { monthCoverage } from '../server/src/modules/analytics/index.js';
import { TEST_DIALECTS } from './helpers/db.js';
import { startTestServer, type TestServer } from './helpers/server.js';

describe.each(TEST_DIALECTS)('everyday screens: countries, last orders, partial months, on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    const repo = server.app.dataSource.getRepository(CustomerEntity);
    const now = new Date();
    const rows = [
      ...Array.from({ length: 3 }, (_, i) => ({ externalId: `UK-${i}`, country: 'United Kingdom' })),
      ...Array.from({ length: 2 }, (_, i) => ({ externalId: `FR-${i}`, country: 'France' })),
      { externalId: 'DE-0', country: 'Germany' }, { externalId: 'EIRE-0', country: 'EIRE' },
      { externalId: 'NONE-0', country: null },
      { externalId: 'GONE-0', country: 'Iceland', erasedAt: now },
    ];
    const saved = await repo.save(rows.map((r) => repo.create({ ...r, createdAt: now, updatedAt: now })));
    const orders = server.app.dataSource.getRepository(OrderEntity);
    // UK-0 bought on 3 Oct and 20 Nov, then returned something on 5 Dec: the data runs 3 Oct – 5 Dec.
    const buyer = saved[0].id;
    await orders.save([
      { invoiceNo: 'A1', customerId: buyer, orderedAt: new Date('2011-10-03T10:00:00Z'), status: 'completed', totalAmount: 40 },
      { invoiceNo: 'A2', customerId: buyer, orderedAt: new Date('2011-11-20T10:00:00Z'), status: 'completed', totalAmount: 60 },
      { invoiceNo: 'C3', customerId: buyer, orderedAt: new Date('2011-12-05T10:00:00Z'), status: 'cancelled', totalAmount: -10 },
    ].map((o) => orders.create({ ...o, country: 'United Kingdom', itemCount: 1, lineCount: 1 })));
  });
  afterAll(async () => { await server?.stop(); });

  it('lists the countries as spelled in the data, most customers first, without erased customers or blanks', async () => {
    const res = await server.as.marketer.gql('{ customerCountries { country customers } }');
    expect(res.errors).toBeUndefined();
    expect(res.data!.customerCountries).toEqual([
      { country: 'United Kingdom', customers: 3 }, { country: 'France', customers: 2 }, { country: 'EIRE', customers: 1 }, { country: 'Germany', customers: 1 },
    ]);
    // "UK" is not a country of the data: an audience filtered on it matches nobody, which is why the UI offers only these.
    const uk = await server.as.marketer.gql('{ audienceCount(definition: { channel: "email", filters: { countries: ["UK"] } }) { matched } }');
    expect(uk.data!.audienceCount.matched).toBe(0);
  });

  it("shows a customer's last completed order as the last order, not a later return", async () => {
    const [buyer] = (await server.as.analyst.gql('{ allCustomers(perPage: 1, sortField: "id") { externalId summary { orderCount returnCount lastOrderAt firstOrderAt } } }')).data!.allCustomers;
    expect(buyer).toEqual({ externalId: 'UK-0', summary: { orderCount: 2, returnCount: 1, firstOrderAt: '2011-10-03T10:00:00.000Z', lastOrderAt: '2011-11-20T10:00:00.000Z' } });
  });

  it('marks the months the data covers only in part', async () => {
    const months = (await server.as.analyst.gql('{ revenueByMonth { month partial } }')).data!.revenueByMonth;
    expect(months).toEqual([{ month: '2011-10', partial: true }, { month: '2011-11', partial: false }, { month: '2011-12', partial: true }]);
    const coverage = monthCoverage(new Date('2011-02-01T00:00:00Z'), new Date('2011-03-31T23:00:00Z'));
    expect([coverage('2011-02'), coverage('2011-03')]).toEqual([false, false]); // whole first and last months
    expect(monthCoverage(null, null)('2011-02')).toBe(false);
  });
});
