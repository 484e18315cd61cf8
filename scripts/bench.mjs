#!/usr/bin/env node
// npm run bench -- <name> [args]: runs bench/<name>.bench.ts under swc-node (TypeScript with decorator metadata).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [name, ...rest] = process.argv.slice(2);
const available = fs.readdirSync(path.join(root, 'bench')).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace('.bench.ts', ''));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name>\navailable: ${available.join(', ')}`);
  process.exit(2);
}
const result = spawnSync(process.execPath, [
  '--conditions=source', '--import', '@swc-node/register/esm-register', '--expose-gc',
  path.join(root, 'bench', `${name}.bench.ts`), ...rest,
], { stdio: 'inherit', cwd: root, env: { ...process.env, SWC_NODE_PROJECT: path.join(root, 'server/tsconfig.json') } });
process.exit(result.status ?? 1);
