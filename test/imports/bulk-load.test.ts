// Row issues travel through LOAD DATA LOCAL INFILE on MariaDB; a server or client that refuses LOCAL
// INFILE must still import, through multi-row INSERTs, to the same end state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../server/src/db/data-source.js';
import { createImportRun, executeImport, streamRowIssuesCsv } from '../../server/src/modules/imports/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { collect, commerceState, importFile, onlineRetailSlice, tempDir } from '../helpers/imports.js';

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
    } finally {
      await withoutLocalFiles.destroy();
    }
  }, 60_000);
});
