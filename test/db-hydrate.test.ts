import 'reflect-metadata';
import { Column, DataSource, Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityReader, findById } from '../server/src/db/hydrate.js';
import { CustomerEntity, readCustomerWithRelations } from '../server/src/modules/customers/index.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from './helpers/db.js';

describe.each(TEST_DIALECTS)('entities read by plain SQL on %s', (dialect) => {
  let db: TestDatabase;
  let full: number, sparse: number;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    const repo = db.dataSource.getRepository(CustomerEntity);
    const now = new Date('2024-03-05T10:11:12.000Z');
    full = (await repo.save(repo.create({
      externalId: 'X-1', email: 'ada@example.com', name: 'Ada Ünicode', country: 'France', city: 'Lyon', gender: 'f', birthDate: '1980-02-29',
      signupAt: new Date('2021-01-02T03:04:05.000Z'), consentEmail: true, consentSms: false, consentPush: true, optedOutEmail: false, optedOutSms: true, optedOutPush: false,
      attributes: { tier: 'gold', tags: ['a', 'b'], score: 1.5 }, erasedAt: null, createdAt: now, updatedAt: now,
    }))).id;
    sparse = (await repo.save(repo.create({
      externalId: 'X-2', email: null, name: null, country: null, city: null, gender: null, birthDate: null, signupAt: null,
      consentEmail: false, consentSms: false, consentPush: false, optedOutEmail: false, optedOutSms: false, optedOutPush: false,
      attributes: null, erasedAt: now, createdAt: now, updatedAt: now,
    }))).id;
  });
  afterAll(async () => { await db?.drop(); });

  it('gives the entity the repository gives, value for value', async () => {
    for (const id of [full, sparse]) {
      const expected = await db.dataSource.getRepository(CustomerEntity).findOneByOrFail({ id });
      const read = await findById(db.dataSource, CustomerEntity, id);
      expect(read).toBeInstanceOf(CustomerEntity);
      expect(read).toEqual(expected);
    }
    const { customer } = await readCustomerWithRelations(db.dataSource, full, { segment: false, scores: false });
    expect(customer).toMatchObject({ consentEmail: true, optedOutSms: true, birthDate: '1980-02-29', attributes: { tier: 'gold', tags: ['a', 'b'], score: 1.5 } });
    expect(customer.signupAt).toEqual(new Date('2021-01-02T03:04:05.000Z'));
  });

  it('answers null for an unknown id, and NOT_FOUND through readCustomerWithRelations', async () => {
    expect(await findById(db.dataSource, CustomerEntity, 999_999)).toBeNull();
    await expect(readCustomerWithRelations(db.dataSource, 999_999, { segment: false, scores: false })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

@Entity('owners') class Owner { @PrimaryGeneratedColumn() id: number; @Column({ type: 'varchar' }) name: string }
@Entity('pets') class Pet { @PrimaryGeneratedColumn() id: number; @ManyToOne(() => Owner) owner: Owner }

describe('entityReader', () => {
  it('refuses an entity with relation columns instead of reading them wrong', async () => {
    const dataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [Owner, Pet], synchronize: true });
    await dataSource.initialize();
    try {
      expect(() => entityReader(dataSource, Pet)).toThrow(/Pet: owner.id are relation or embedded columns/);
      await dataSource.getRepository(Owner).save({ name: 'Ann' });
      expect(await findById(dataSource, Owner, 1)).toEqual(Object.assign(new Owner(), { id: 1, name: 'Ann' }));
    } finally {
      await dataSource.destroy();
    }
  });
});
