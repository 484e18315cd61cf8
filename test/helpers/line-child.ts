import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A TypeScript child process spoken to line by line: each `ask` writes one line and resolves with the next JSON line it prints. */
export interface LineChild {
  process: ChildProcess;
  ask<T = Record<string, unknown>>(line: string, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export async function spawnLineChild(file: string, env: NodeJS.ProcessEnv): Promise<LineChild> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', '@swc-node/register/esm-register', path.join(ROOT, file)], {
    cwd: ROOT, env: { ...process.env, SWC_NODE_PROJECT: path.join(ROOT, 'server/tsconfig.json'), ...env }, stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => { stderr += c.toString(); });
  const lines: string[] = [];
  const waiters: Array<(line: string) => void> = [];
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter(line); else lines.push(line);
  });
  const next = (timeoutMs: number) => new Promise<string>((resolve, reject) => {
    const queued = lines.shift();
    if (queued !== undefined) return resolve(queued);
    const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`)), timeoutMs);
    waiters.push((line) => { clearTimeout(timer); resolve(line); });
  });
  const ready = await next(60_000);
  if (ready !== 'ready') throw new Error(`child said ${ready}; stderr: ${stderr.slice(-2000)}`);
  return {
    process: child,
    async ask(line, timeoutMs = 60_000) {
      child.stdin!.write(`${line}\n`);
      return JSON.parse(await next(timeoutMs));
    },
    async close() {
      child.stdin!.end('exit\n');
      await new Promise((resolve) => { if (child.exitCode !== null) resolve(null); else child.on('exit', resolve); });
    },
  };
}
