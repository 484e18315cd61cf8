#!/usr/bin/env node
// The `segmenta` command. Runs the compiled CLI (npm run build); without a build, the TypeScript
// source through swc-node, so a fresh checkout works too (slower start).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiled = path.join(root, 'dist/server/src/cli/index.js');
if (fs.existsSync(compiled) && !process.env.SEGMENTA_FROM_SOURCE) {
  await import(pathToFileURL(compiled).href);
} else {
  const result = spawnSync(process.execPath, [
    '--conditions=source', '--import', '@swc-node/register/esm-register', path.join(root, 'src/cli/index.ts'), ...process.argv.slice(2),
  ], { stdio: 'inherit', env: { ...process.env, SWC_NODE_PROJECT: path.join(root, 'tsconfig.json') } });
  process.exit(result.status ?? 1);
}
