import mysql from 'mysql2/promise';
import { MARIADB_URL } from './env.js';

/** Fail the run at once, with a clear message, when MariaDB does not answer. */
export default async function setup(): Promise<void> {
  const url = new URL(MARIADB_URL);
  try {
    const conn = await mysql.createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password), connectTimeout: 5000 });
    await conn.end();
  } catch (error) {
    throw new Error(`MariaDB does not answer at ${url.host} (${(error as Error).message}). Start it, or set TEST_MARIADB_URL.`);
  }
}
