import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

// The schema lint (eslint.config.js, @graphql-eslint's require-description) over the emitted
// schema.graphql. Descriptions are a ratchet: schema/undescribed.txt lists what has none yet.
// A name missing a description that is not on the list fails (describe it); a listed name that
// now has one fails too (delete its line), so the list only ever shrinks.

const root = fileURLToPath(new URL('..', import.meta.url));
const listFile = fileURLToPath(new URL('../schema/undescribed.txt', import.meta.url));

/** `Type`, `Type.field` or `Type.field(argument)` from the rule's message. */
function nameOf(message: string): string {
  const quoted = [...message.matchAll(/"([^"]+)"/g)].map((m) => m[1]).reverse();
  if (quoted.length === 3) return `${quoted[0]}.${quoted[1]}(${quoted[2]})`;
  return quoted.join('.');
}

describe('schema lint', () => {
  it('describes every type, field and argument, except those still listed in schema/undescribed.txt', async () => {
    const eslint = new ESLint({ cwd: root });
    const [result] = await eslint.lintFiles(['schema.graphql']);
    const other = result.messages.filter((m) => m.ruleId !== '@graphql-eslint/require-description');
    expect(other.map((m) => `${m.line}:${m.column} ${m.message}`)).toEqual([]);
    const undescribed = new Set(result.messages.filter((m) => m.ruleId === '@graphql-eslint/require-description').map((m) => nameOf(m.message)));
    const listed = new Set(fs.readFileSync(listFile, 'utf8').split('\n').map((line) => line.trim()).filter(Boolean));
    expect([...undescribed].filter((name) => !listed.has(name)), 'describe these (new names need a description)').toEqual([]);
    expect([...listed].filter((name) => !undescribed.has(name)), 'described now or gone: delete these lines from schema/undescribed.txt').toEqual([]);
  }, 60_000);
});
