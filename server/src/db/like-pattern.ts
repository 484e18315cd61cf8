import { AppError } from '../errors.js';

/**
 * Search text as a LIKE pattern that matches it anywhere, literally. Wildcards are escaped with
 * `!`, which both dialects take in an ESCAPE clause (a backslash is MySQL's default but has no
 * meaning in SQLite, where "a_b" then found nothing). A NUL character is refused: SQLite's LIKE
 * stops reading the pattern there, so "%\0%" was "%" and matched every row.
 */
export function containsPattern(text: string, field = 'q'): string {
  if (text.includes('\0')) throw new AppError('BAD_USER_INPUT', `${field} must not contain a NUL character`);
  return `%${text.replace(/[!%_]/g, (m) => '!' + m)}%`;
}

/** Goes after `LIKE :param` wherever the parameter came from containsPattern. */
export const LIKE_ESCAPE = "ESCAPE '!'";
