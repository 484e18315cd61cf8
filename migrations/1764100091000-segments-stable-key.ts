import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { varchar } from './support/columns.js';

/**
 * A segment key that survives a re-run: null until segments are matched across runs, then the
 * key the matched segments share. The tags feed carries it beside the run-local label.
 */
export class SegmentsStableKey1764100091000 implements MigrationInterface {
  name = 'SegmentsStableKey1764100091000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('segments', new TableColumn(varchar('segment_key', 64, true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('segments', 'segment_key');
  }
}
