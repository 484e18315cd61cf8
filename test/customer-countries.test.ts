import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerEntity } from '../server/src/modules/customers/index.js';
import { TEST_DIALECTS } from './helpers/db.js';
import { startTestServer, type TestServer } from './helpers/server.js';

describe.each(TEST_DIALECTS)('countries to choose from, on %s', (dialect) => {
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
    await repo.save(rows.map((r) => repo.create({ ...r, createdAt: now, updatedAt: now })));
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
});
