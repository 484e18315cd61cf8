import pino, { type Logger } from 'pino';
import type { AppConfig } from './config/index.js';

/** Structured JSON logs on stderr (stdout stays free for the CLI's --json output). */
export function createLogger(config: Pick<AppConfig, 'logLevel'>, name = 'segmenta'): Logger {
  return pino({ name, level: config.logLevel, redact: [
    'req.headers.authorization', 'req.headers.cookie', 'password', '*.password', '*.*.password', '*.*.*.password',
    // class-validator errors carry the whole input object (a password included) as target/value.
    'err.extensions.validationErrors[*].target', 'err.extensions.validationErrors[*].value',
  ] }, pino.destination(2));
}
