/** Where the tests find MariaDB. Override with TEST_MARIADB_URL (no database part). */
export const MARIADB_URL = process.env.TEST_MARIADB_URL || 'mariadb://root@127.0.0.1:3306';

/** The public data sets the repository carries (datasets/README.md); SEGMENTA_SHARED_DATA reads another folder of the same layout. */
export const SHARED_DATA_DIR = process.env.SEGMENTA_SHARED_DATA || new URL('../../datasets/', import.meta.url).pathname;
