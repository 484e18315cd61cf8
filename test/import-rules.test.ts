/*
 * The walls of server/src (docs/architecture.md): a module is entered only through its index.ts,
 * ml/ is pure numeric code, and nothing imports in a circle — neither files nor modules.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, listSourceFiles, moduleGraph, moduleOf, moduleSpecifiers, readImportGraph, resolveRelative, SERVER_SRC } from './helpers/import-graph.js';

const graph = readImportGraph();

describe('import rules of server/src', () => {
  it('reads the whole tree', () => {
    // Guards the rules below against passing on an empty or half-read graph.
    expect(graph.files.length).toBeGreaterThan(200);
    expect(graph.edges.length).toBeGreaterThan(500);
    expect(graph.files).toContain('modules/jobs/job-queue.ts');
  });

  it('enters a module only through its index.ts', () => {
    const breaches = graph.edges
      .filter(({ from, to }) => {
        const target = moduleOf(to);
        return target !== undefined && moduleOf(from) !== target && to !== `modules/${target}/index.ts`;
      })
      .map(({ from, to }) => `${from} -> ${to}`);
    expect(breaches).toEqual([]);
  });

  it('gives every module an index.ts', () => {
    const modules = [...new Set(graph.files.map(moduleOf).filter((name): name is string => name !== undefined))];
    const faceless = modules.filter((name) => !graph.files.includes(`modules/${name}/index.ts`));
    expect(faceless).toEqual([]);
  });

  it('keeps ml/ free of the database, GraphQL and the modules', () => {
    const forbiddenDirs = /^(db|graphql|modules|http|cli|config)\//;
    const forbiddenPackages = /^(typeorm|type-graphql|graphql|mysql2|better-sqlite3|express)(\/|$)/;
    const breaches: string[] = [];
    for (const { from, to } of graph.edges) {
      if (from.startsWith('ml/') && (forbiddenDirs.test(to) || !to.startsWith('ml/'))) breaches.push(`${from} -> ${to}`);
    }
    for (const [file, packages] of graph.packages) {
      if (!file.startsWith('ml/')) continue;
      for (const name of packages) if (forbiddenPackages.test(name)) breaches.push(`${file} -> ${name}`);
    }
    expect(breaches).toEqual([]);
  });

  it('has no import cycle between files', () => {
    const found = cycles(graph.files, graph.edges.map(({ from, to }) => [from, to] as [string, string]));
    expect(found.map((members) => members.join(' <-> '))).toEqual([]);
  });

  it('has no cycle between modules', () => {
    const uses = moduleGraph(graph);
    const edges: Array<[string, string]> = [];
    for (const [name, targets] of uses) for (const target of targets) edges.push([name, target]);
    expect(cycles(uses.keys(), edges).map((members) => members.join(' <-> '))).toEqual([]);
  });
});

describe('import rules of tests and benches', () => {
  it('enter a module only through its index.ts', () => {
    const root = path.resolve(SERVER_SRC, '../..');
    const files = [...listSourceFiles(path.join(root, 'test')), ...listSourceFiles(path.join(root, 'bench'))];
    expect(files.length).toBeGreaterThan(50);
    const breaches: string[] = [];
    for (const file of files) {
      for (const specifier of moduleSpecifiers(file, fs.readFileSync(file, 'utf8'))) {
        const target = resolveRelative(file, specifier);
        if (!target?.startsWith(SERVER_SRC + path.sep)) continue;
        const inside = path.relative(SERVER_SRC, target).split(path.sep).join('/');
        const name = moduleOf(inside);
        if (name && inside !== `modules/${name}/index.ts`) breaches.push(`${path.relative(root, file)} -> ${inside}`);
      }
    }
    expect(breaches).toEqual([]);
  });
});

describe('the cycle finder', () => {
  it('finds a loop and ignores a chain', () => {
    expect(cycles(['a', 'b', 'c', 'd'], [['a', 'b'], ['b', 'c'], ['c', 'a'], ['c', 'd']])).toEqual([['a', 'b', 'c']]);
    expect(cycles(['a', 'b'], [['a', 'b']])).toEqual([]);
    expect(cycles(['a'], [['a', 'a']])).toEqual([['a']]);
  });
});
