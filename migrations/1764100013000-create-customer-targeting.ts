import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolean, datetime, double, id, integer, isSqlite, varchar } from './support/columns.js';

const CHANNEL_COLUMNS = ['consent_email', 'consent_sms', 'consent_push', 'opted_out_email', 'opted_out_sms', 'opted_out_push'];

/**
 * customer_targeting: one narrow row per customer with everything an audience filters on, so a
 * live count scans one table instead of joining four. Strings targeting compares (RFM group,
 * country, top category, age band) are stored as codes from targeting_values: integer compares
 * keep the scan fast. targeting_state records which feature snapshot and live run the rows
 * reflect; audiences use the table only when that matches what they would otherwise join.
 *
 * Contact columns (consent, opt-out, erasure, country) follow `customers` through triggers, in the
 * writer's own transaction, whatever the write path. The derived columns are refreshed set-wise
 * by the application (modules/targeting). The state starts 'stale': the first rebuild fills it.
 */
export class CreateCustomerTargeting1764100013000 implements MigrationInterface {
  name = 'CreateCustomerTargeting1764100013000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'customer_targeting',
      columns: [
        { name: 'customer_id', type: 'integer', isPrimary: true },
        integer('segment_id', { nullable: true }), integer('rfm_group_code', { nullable: true }),
        integer('recency_days', { nullable: true }), integer('frequency', { nullable: true }), double('monetary'), datetime('last_order_at', true),
        integer('top_category_code', { nullable: true }), integer('age_band_code', { nullable: true }), integer('country_code', { nullable: true }),
        double('response_probability'), integer('predicted_segment_id', { nullable: true }),
        boolean('erased'), ...CHANNEL_COLUMNS.map((name) => boolean(name)),
      ],
    }));
    await queryRunner.createTable(new Table({
      name: 'targeting_values',
      columns: [id(), varchar('kind', 16), varchar('value', 64)],
      indices: [new TableIndex({ name: 'uq_targeting_values_kind_value', columnNames: ['kind', 'value'], isUnique: true })],
    }));
    await queryRunner.createTable(new Table({
      name: 'targeting_state',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true }, varchar('status', 16), integer('generation', { default: 0 }),
        integer('snapshot_id', { nullable: true }), integer('live_run_id', { nullable: true }), integer('rows_done', { default: 0 }),
        datetime('started_at', true), datetime('refreshed_at', true), datetime('scores_refreshed_at', true),
      ],
    }));
    await queryRunner.query(`INSERT INTO targeting_state (id, status, generation) VALUES (1, 'stale', 0)`);
    // Every customer has a row from the start, so triggers and rebuilds only ever replace rows.
    await queryRunner.query(`INSERT INTO targeting_values (kind, value) SELECT DISTINCT 'country', country FROM customers WHERE country IS NOT NULL`);
    await queryRunner.query(`INSERT INTO customer_targeting (${contactColumns})
      SELECT c.id, (SELECT v.id FROM targeting_values v WHERE v.kind = 'country' AND v.value = c.country), CASE WHEN c.erased_at IS NULL THEN 0 ELSE 1 END,
        ${CHANNEL_COLUMNS.map((col) => `c.${col}`).join(', ')} FROM customers c`);
    for (const statement of isSqlite(queryRunner) ? sqliteTriggers() : mysqlTriggers()) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update', 'delete']) await queryRunner.query(`DROP TRIGGER IF EXISTS trg_customers_targeting_${event}`);
    for (const table of ['targeting_state', 'targeting_values', 'customer_targeting']) await queryRunner.dropTable(table);
  }
}

const contactColumns = `customer_id, country_code, erased, ${CHANNEL_COLUMNS.join(', ')}`;
const contactValues = (countryCode: string) => `NEW.id, ${countryCode}, CASE WHEN NEW.erased_at IS NULL THEN 0 ELSE 1 END, ${CHANNEL_COLUMNS.map((c) => `NEW.${c}`).join(', ')}`;
const countryCode = `(SELECT v.id FROM targeting_values v WHERE v.kind = 'country' AND v.value = NEW.country)`;
/** Only changes to these columns concern targeting: other updates (name, e-mail, re-imports of the same values) skip the trigger's work. */
const TRACKED = ['country', 'erased_at', ...CHANNEL_COLUMNS];

/**
 * MySQL/MariaDB. The country's code is looked up once; only an unknown country inserts into
 * targeting_values (IGNORE: a concurrent writer may add it first; looking up before inserting
 * also keeps auto-increment ids from being burnt by ignored duplicates on every write).
 */
function mysqlTriggers(): string[] {
  const body = (onlyIfChanged: boolean) => `BEGIN
    DECLARE v_country_code INT DEFAULT NULL;
    IF ${onlyIfChanged ? `NOT (${TRACKED.map((c) => `NEW.${c} <=> OLD.${c}`).join(' AND ')})` : 'TRUE'} THEN
      IF NEW.country IS NOT NULL THEN
        SET v_country_code = ${countryCode};
        IF v_country_code IS NULL THEN
          INSERT IGNORE INTO targeting_values (kind, value) VALUES ('country', NEW.country);
          SET v_country_code = ${countryCode};
        END IF;
      END IF;
      INSERT INTO customer_targeting (${contactColumns}) VALUES (${contactValues('v_country_code')})
      ON DUPLICATE KEY UPDATE ${['country_code', 'erased', ...CHANNEL_COLUMNS].map((c) => `${c} = VALUES(${c})`).join(', ')};
    END IF;
  END`;
  return [
    `CREATE TRIGGER trg_customers_targeting_insert AFTER INSERT ON customers FOR EACH ROW ${body(false)}`,
    `CREATE TRIGGER trg_customers_targeting_update AFTER UPDATE ON customers FOR EACH ROW ${body(true)}`,
    'CREATE TRIGGER trg_customers_targeting_delete AFTER DELETE ON customers FOR EACH ROW DELETE FROM customer_targeting WHERE customer_id = OLD.id',
  ];
}

function sqliteTriggers(): string[] {
  const body = `BEGIN
    INSERT OR IGNORE INTO targeting_values (kind, value) SELECT 'country', NEW.country
      WHERE NEW.country IS NOT NULL AND NOT EXISTS (SELECT 1 FROM targeting_values v WHERE v.kind = 'country' AND v.value = NEW.country);
    INSERT INTO customer_targeting (${contactColumns}) VALUES (${contactValues(countryCode)})
    ON CONFLICT (customer_id) DO UPDATE SET ${['country_code', 'erased', ...CHANNEL_COLUMNS].map((c) => `${c} = excluded.${c}`).join(', ')};
  END`;
  return [
    `CREATE TRIGGER trg_customers_targeting_insert AFTER INSERT ON customers FOR EACH ROW ${body}`,
    `CREATE TRIGGER trg_customers_targeting_update AFTER UPDATE OF ${TRACKED.join(', ')} ON customers FOR EACH ROW
      WHEN NOT (${TRACKED.map((c) => `NEW.${c} IS OLD.${c}`).join(' AND ')}) ${body}`,
    'CREATE TRIGGER trg_customers_targeting_delete AFTER DELETE ON customers FOR EACH ROW BEGIN DELETE FROM customer_targeting WHERE customer_id = OLD.id; END',
  ];
}
