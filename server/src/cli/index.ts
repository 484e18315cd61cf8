import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/index.js';
import { createLogger } from '../logger.js';
import { AppError } from '../errors.js';
import { COMMANDS } from './commands.js';

/** `segmenta <command> [options]`; with --json every command prints one JSON object on stdout. */
async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`usage: segmenta <command> [options]\n\ncommands:\n${Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(16)}${c.summary}`).join('\n')}\n`);
    return name ? 2 : 0;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...command.options, json: { type: 'boolean' }, help: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    process.stderr.write(`segmenta ${name}: ${(error as Error).message}\n`);
    return 2;
  }
  const json = Boolean(parsed.values.json);
  if (parsed.values.help) {
    process.stdout.write(`segmenta ${name} ${command.usage ?? ''}\n${command.summary}\n`);
    return 0;
  }
  const config = loadConfig();
  // With --json, logs stay quiet unless asked for, so stdout carries one clean JSON object.
  const logger = createLogger(json && !process.env.LOG_LEVEL ? { logLevel: 'warn' } : config);
  try {
    const result = await command.run({ config, logger, values: parsed.values as Record<string, unknown>, positionals: parsed.positionals, json });
    if (result === 'keep-running') return -1;
    if (json) process.stdout.write(JSON.stringify({ ok: true, command: name, ...result }) + '\n');
    else if (result && Object.keys(result).length) process.stdout.write(command.format ? command.format(result) : JSON.stringify(result, null, 2) + '\n');
    return 0;
  } catch (error) {
    const code = error instanceof AppError ? error.code : 'INTERNAL';
    const message = (error as Error).message;
    if (json) process.stdout.write(JSON.stringify({ ok: false, command: name, error: { code, message } }) + '\n');
    else process.stderr.write(`segmenta ${name}: ${message}\n`);
    if (!(error instanceof AppError)) logger.error({ err: error }, 'command failed');
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  if (code >= 0) process.exit(code);
});
