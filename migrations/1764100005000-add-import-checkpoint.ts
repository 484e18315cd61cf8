import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Resumable imports: each committed batch records how many input rows it has consumed, in the same
 * transaction as the batch's rows, so a re-run knows exactly where the database stops.
 */
export class AddImportCheckpoint1764100005000 implements MigrationInterface {
  name = 'AddImportCheckpoint1764100005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('imports', [
      new TableColumn({ name: 'checkpoint_rows', type: 'integer', isNullable: false, default: 0 }),
      new TableColumn({ name: 'started_at', type: 'datetime', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('imports', 'started_at');
    await queryRunner.dropColumn('imports', 'checkpoint_rows');
  }
}
