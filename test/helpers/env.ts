/** Where the tests find MariaDB. Override with TEST_MARIADB_URL (no database part). */
export const MARIADB_URL = process.env.TEST_MARIADB_URL || 'mariadb://root@127.0.0.1:3306';

/** The shared data sets beside the checkout (see shared/data/README.md in the steering repo). */
export const SHARED_DATA_DIR = process.env.SEGMENTA_SHARED_DATA || new URL('../../../shared/data/', import.meta.url).pathname;
