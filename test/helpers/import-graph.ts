/*
 * The import graph of server/src, read with the TypeScript parser (not a regex), so imports inside
 * comments or template strings (generated worker code) are not mistaken for edges.
 *
 * Every relative `import … from`, `export … from`, `import x = require(…)` and `import('…')` counts,
 * type-only ones included: a cycle through types still ties two files together for a reader.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  from: string; // path relative to server/src, forward slashes
  to: string;
}

export const SERVER_SRC = path.resolve(new URL('../../server/src', import.meta.url).pathname);

export function listSourceFiles(root: string = SERVER_SRC): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(full);
    }
  };
  walk(root);
  return found.sort();
}

/** Every module specifier one file names, in source order. */
export function moduleSpecifiers(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)
      && ts.isStringLiteral(node.moduleReference.expression)) {
      specifiers.push(node.moduleReference.expression.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword
      && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0]!)) {
      specifiers.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      specifiers.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

/** Resolves a relative specifier (`./x.js`, `../y/index.js`) to the .ts file it names, or undefined. */
export function resolveRelative(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, path.join(base, 'index.ts')];
  return candidates.find((candidate) => candidate.endsWith('.ts') && fs.existsSync(candidate));
}

export interface ImportGraph {
  files: string[];
  edges: ImportEdge[];
  /** Bare package specifiers per file (`typeorm`, `type-graphql`, `node:fs`). */
  packages: Map<string, string[]>;
}

export function readImportGraph(root: string = SERVER_SRC): ImportGraph {
  const rel = (file: string): string => path.relative(root, file).split(path.sep).join('/');
  const files = listSourceFiles(root);
  const edges: ImportEdge[] = [];
  const packages = new Map<string, string[]>();
  for (const file of files) {
    const named: string[] = [];
    for (const specifier of moduleSpecifiers(file, fs.readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) {
        const target = resolveRelative(file, specifier);
        if (target && target.startsWith(root + path.sep)) edges.push({ from: rel(file), to: rel(target) });
      } else {
        named.push(specifier);
      }
    }
    packages.set(rel(file), named);
  }
  return { files: files.map(rel), edges, packages };
}

/** The module a file belongs to (`modules/<name>/…` → name), or undefined outside modules/. */
export function moduleOf(file: string): string | undefined {
  const match = /^modules\/([^/]+)\//.exec(file);
  return match?.[1];
}

/** Strongly connected components with more than one member (or a self-loop): the cycles. */
export function cycles(nodes: Iterable<string>, edges: Iterable<[string, string]>): string[][] {
  const next = new Map<string, Set<string>>();
  for (const node of nodes) next.set(node, new Set());
  for (const [from, to] of edges) {
    if (!next.has(from)) next.set(from, new Set());
    if (!next.has(to)) next.set(to, new Set());
    next.get(from)!.add(to);
  }
  // Tarjan's algorithm, iterative so a deep chain of imports cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let counter = 0;
  for (const start of next.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; children: Iterator<string> }> = [];
    const enter = (node: string): void => {
      index.set(node, counter);
      low.set(node, counter);
      counter += 1;
      stack.push(node);
      onStack.add(node);
      work.push({ node, children: next.get(node)!.values() });
    };
    enter(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const step = frame.children.next();
      if (!step.done) {
        const child = step.value;
        if (!index.has(child)) enter(child);
        else if (onStack.has(child)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(child)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1 || next.get(frame.node)!.has(frame.node)) found.push(component.sort());
      }
    }
  }
  return found;
}

/** Module → the modules it imports (through any file), from a graph of files. */
export function moduleGraph(graph: ImportGraph): Map<string, Set<string>> {
  const uses = new Map<string, Set<string>>();
  for (const file of graph.files) {
    const name = moduleOf(file);
    if (name && !uses.has(name)) uses.set(name, new Set());
  }
  for (const { from, to } of graph.edges) {
    const source = moduleOf(from);
    const target = moduleOf(to);
    if (source && target && source !== target) uses.get(source)!.add(target);
  }
  return uses;
}
