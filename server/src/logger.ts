import pino, { type DestinationStream, type Logger } from 'pino';
import type { AppConfig } from './config/index.js';

/**
 * Structured JSON logs on stderr (stdout stays free for the CLI's --json output). A worker thread
 * passes a destination that posts each line to the API's logger (jobs-thread/).
 */
export function createLogger(config: Pick<AppConfig, 'logLevel'>, name = 'segmenta', destination: DestinationStream = pino.destination(2)): Logger {
  return pino({ name, level: config.logLevel, redact: [
    'req.headers.authorization', 'req.headers.cookie', 'password', '*.password', '*.*.password', '*.*.*.password',
    // class-validator errors carry the whole input object (a password included) as target/value.
    'err.extensions.validationErrors[*].target', 'err.extensions.validationErrors[*].value',
  ] }, destination);
}
