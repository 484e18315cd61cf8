import { Cron } from 'croner';
import { AppError } from '../../errors.js';

/** Checks an IANA time zone name ('Europe/London'); throws SCHEDULE_INVALID naming it. */
export function checkTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone }).format(0);
    return timeZone;
  } catch {
    throw new AppError('SCHEDULE_INVALID', `time zone "${timeZone}" is not an IANA time zone (like Europe/London or UTC)`);
  }
}

/** A parsed cron expression in a time zone; throws SCHEDULE_INVALID naming what is wrong. */
export function parseCron(expression: string, timeZone: string): Cron {
  checkTimeZone(timeZone);
  const fields = expression.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 6) throw new AppError('SCHEDULE_INVALID', `cron "${expression}" must have 5 fields (minute hour day month weekday), or 6 with seconds first`);
  try {
    return new Cron(expression.trim(), { timezone: timeZone, paused: true });
  } catch (error) {
    throw new AppError('SCHEDULE_INVALID', `cron "${expression}": ${(error as Error).message}`);
  }
}

/** The first tick strictly after `after`, or null when the expression has no more. */
export function nextTick(expression: string, timeZone: string, after: Date): Date | null {
  return parseCron(expression, timeZone).nextRun(after);
}
