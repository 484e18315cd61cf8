import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs a TypeScript file of this repository in a child Node process (swc-node, decorator metadata on). */
export function spawnTs(file: string, env: NodeJS.ProcessEnv, args: string[] = [], options: { detached?: boolean } = {}): ChildProcess {
  return spawn(process.execPath, ['--conditions=source', '--import', '@swc-node/register/esm-register', path.join(ROOT, file), ...args], {
    cwd: ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: path.join(ROOT, 'server/tsconfig.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false, // true: a session of its own (setsid)
  });
}

export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`child did not print ${pattern} within ${timeoutMs} ms; output: ${seen.slice(-2000)}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) { clearTimeout(timer); resolve(); }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => { seen += c.toString(); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`child exited (${code}) before ${pattern}; output: ${seen.slice(-2000)}`)); });
  });
}

export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.on('exit', (code) => resolve(code));
  });
}

export async function until<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, stepMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
