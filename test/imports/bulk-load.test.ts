// Row issues travel through LOAD DATA LOCAL INFILE on MariaDB; a server or client that refuses LOCAL
// INFILE must still import, through multi-row INSERTs, to the same end state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../server/src/db/data-source.js';
import { createImportRun, executeImport, streamRowIssuesCsv, TsvBytes, formatCents, formatMilli } from '../../server/src/modules/imports/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { collect, commerceState, importFile, onlineRetailSlice, tempDir } from '../helpers/imports.js';
import { bulkInsertRows, tsvChunks } from '../../server/src/db/bulk-load.js';
import { createFeatureSnapshot } from '../../server/src/modules/features/index.js';

describe('TsvBytes', () => {
  it('writes the bytes the generic row encoder writes, on 50,000 random rows, across chunk boundaries', () => {
    let seed = 11;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    // Magnitudes from 0 to ~2^50, both signs, and the edges of each digit count.
    const number = () => {
      const r = random();
      const magnitude = r < 0.1 ? 0 : r < 0.2 ? 10 ** Math.floor(random() * 15) - (random() < 0.5 ? 1 : 0) : Math.floor(random() * 2 ** Math.floor(random() * 51));
      return random() < 0.3 ? -magnitude : magnitude;
    };
    const rows = Array.from({ length: 50_000 }, () => [number(), number(), number(), number()]);
    const bytes = new TsvBytes(1000);
    const chunks: Buffer[] = [];
    for (const [a, b, c, d] of rows) {
      bytes.int(a); bytes.tab(); bytes.fixed(b, 3); bytes.tab(); bytes.fixed(c, 2); bytes.tab(); bytes.fixed(d, 4); bytes.newline();
      if (bytes.full) chunks.push(bytes.take());
    }
    chunks.push(bytes.take());
    expect(chunks.length).toBeGreaterThan(100);
    const generic = Buffer.concat([...tsvChunks(rows.map(([a, b, c, d]) => [a, formatMilli(b), formatCents(c), (d < 0 ? '-' : '') + (Math.abs(d) / 10_000).toFixed(4)]))]);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(generic.toString('utf8'));
  });
});


describe('row issues bulk load on mariadb', () => {
  let db: TestDatabase;
  let refusing: TestDatabase;
  const files = tempDir();
  let file: string;
  beforeAll(async () => {
    file = files.write('slice.csv', onlineRetailSlice(30_000));
    db = await createTestDatabase('mariadb');
    refusing = await createTestDatabase('mariadb');
  }, 60_000);
  afterAll(async () => { await db?.drop(); await refusing?.drop(); files.remove(); });

  it('falls back to INSERTs when LOCAL INFILE is refused, with the same rows and issues', async () => {
    const loaded = await importFile(db, { kind: 'orders', filePath: file, timezone: 'Europe/London' });
    expect(loaded.rowsSkipped).toBeGreaterThan(1_000); // enough issues per batch for the bulk path

    // Without the client flag, MariaDB answers LOAD DATA LOCAL with error 1148, as a server with local_infile=OFF does.
    const options = dataSourceOptions(refusing.config);
    const withoutLocalFiles = new DataSource({ ...options, flags: ['-LOCAL_FILES'] } as typeof options);
    await withoutLocalFiles.initialize();
    try {
      const run = await createImportRun(withoutLocalFiles, { kind: 'orders', filePath: file, timezone: 'Europe/London' }, refusing.config);
      const inserted = await executeImport(withoutLocalFiles, run.id, { config: refusing.config });
      expect({ ...inserted, durationMs: 0 }).toEqual({ ...loaded, durationMs: 0 });
      expect(await commerceState(withoutLocalFiles)).toEqual(await commerceState(db.dataSource));
      expect(await collect(streamRowIssuesCsv(withoutLocalFiles, run.id))).toBe(await collect(streamRowIssuesCsv(db.dataSource, loaded.importId)));

      // Feature snapshots take the same two paths (LOAD DATA, or INSERTs): every column must agree.
      const asOf = new Date('2011-01-01T00:00:00Z');
      const features = async (ds: DataSource) => {
        const snapshot = await createFeatureSnapshot(ds, asOf);
        const rows: Record<string, unknown>[] = await ds.query(
          `SELECT c.external_id, f.* FROM customer_features f JOIN customers c ON c.id = f.customer_id WHERE f.snapshot_id = ? ORDER BY c.external_id`, [snapshot.id]);
        return rows.map(({ snapshot_id: _s, customer_id: _c, ...rest }) => rest);
      };
      const loadedFeatures = await features(db.dataSource);
      expect(loadedFeatures.length).toBeGreaterThan(500); // the bulk path's minimum
      expect(await features(withoutLocalFiles)).toEqual(loadedFeatures);

      // Doubles (segment_memberships.distance) through LOAD DATA text and through multi-row INSERTs.
      let seed = 5;
      const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
      const rows = Array.from({ length: 2_000 }, (_, i) => [i, (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20)]);
      const doubles = async (ds: DataSource) => {
        await ds.query('CREATE TABLE bulk_doubles (i INT PRIMARY KEY, d DOUBLE NOT NULL)');
        const runner = ds.createQueryRunner();
        try {
          await runner.startTransaction();
          await bulkInsertRows(runner, 'mariadb', 'bulk_doubles', ['i', 'd'], rows);
          await runner.commitTransaction();
        } finally {
          await runner.release();
        }
        return (await ds.query('SELECT i, d FROM bulk_doubles ORDER BY i')).map((r: { i: number; d: number }) => [Number(r.i), Number(r.d)]);
      };
      // MariaDB's text-to-double conversion is off by one ulp for a few values, on both paths alike.
      const loadedDoubles = await doubles(db.dataSource);
      expect(await doubles(withoutLocalFiles)).toEqual(loadedDoubles);
      for (const [i, d] of loadedDoubles) expect(Math.abs(d - rows[i][1]) <= Math.abs(rows[i][1]) * 4e-16, `${d} vs ${rows[i][1]}`).toBe(true);
    } finally {
      await withoutLocalFiles.destroy();
    }
  }, 60_000);
});
