import type { Logger } from 'pino';
import type { AppConfig } from '../config/index.js';

export interface CommandContext {
  config: AppConfig;
  logger: Logger;
  values: Record<string, unknown>;
  positionals: string[];
  json: boolean;
}

type Options = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

export interface Command {
  summary: string;
  usage?: string;
  options: Options;
  run(ctx: CommandContext): Promise<Record<string, unknown> | 'keep-running'>;
  format?(result: Record<string, unknown>): string;
}
