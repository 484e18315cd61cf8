import {
  getNamedType, isEnumType, isInputObjectType, isInterfaceType, isListType, isNonNullType, isObjectType, isScalarType, isUnionType,
  type GraphQLField, type GraphQLInputType, type GraphQLObjectType, type GraphQLOutputType, type GraphQLSchema,
} from 'graphql';
import type { Random } from './random.js';

/**
 * Random GraphQL requests built from the schema: real root fields with arguments that are right,
 * wrong-typed, huge, empty, null where not allowed, unicode or 100 KB long; selections that go
 * too deep or use too many aliases. Values travel as variables or inline literals.
 */
export interface FuzzRequest { label: string; body: string }

const LONG = 'é'.repeat(50_000); // 100 KB in UTF-8
const UNICODE = ['Zoë 🦄 ', '\u202Eevil', '\u0000nul', '𝕏\uD800lone', '日本語', 'a\nb\tc', "' OR 1=1 --", '%_\\', '<script>alert(1)</script>'];
const IDS = ['1', '2', '999999999', '-1', '1e3', '0x10', '9'.repeat(40), '0'];
const WRONG: unknown[] = [1e300, 2 ** 53 + 1, -(2 ** 31) - 1, 2 ** 31, 3.5, -1, null, true, [], {}, '999999999', [null], { id: 1 }, '', 'x'];

function scalarValue(name: string, rng: Random): unknown {
  switch (name) {
    case 'Int': return rng.pick([0, 1, 25, 100, 101, -1, 2147483647, 1e6]);
    case 'Float': return rng.pick([0, 1.5, -3, 1e308, 12345.678]);
    case 'Boolean': return rng.chance(0.5);
    case 'ID': return rng.pick([...IDS, 'abc', '']);
    case 'DateTimeISO': return rng.pick(['2024-01-01T00:00:00Z', '1970-01-01T00:00:00.000Z', 'not a date', '', '9999-99-99']);
    case 'JSONObject': return rng.pick([{ a: 1 }, { nested: { deep: [1, 2, 3] } }, '[]', 42]);
    default: return rng.pick(['a', 'admin@test.local', 'France', '', ...UNICODE, rng.chance(0.1) ? LONG : 'short']);
  }
}

export function randomValue(type: GraphQLInputType, rng: Random, depth = 0): unknown {
  if (rng.chance(0.15)) return rng.pick(WRONG);
  if (rng.chance(0.03)) return LONG;
  if (isNonNullType(type)) return randomValue(type.ofType, rng, depth);
  if (rng.chance(0.08)) return null;
  if (isListType(type)) {
    const length = rng.chance(0.1) ? rng.int(100, 300) : rng.int(0, 3);
    return Array.from({ length }, () => randomValue(type.ofType, rng, depth + 1));
  }
  if (isEnumType(type)) return rng.chance(0.8) ? rng.pick(type.getValues()).name : 'NOT_A_VALUE';
  if (isInputObjectType(type)) {
    if (depth > 3) return {};
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) || rng.chance(0.5)) value[field.name] = randomValue(field.type, rng, depth + 1);
    }
    if (rng.chance(0.1)) value.unknownField = 'x';
    return value;
  }
  if (isScalarType(type)) return scalarValue(type.name, rng);
  return null;
}

/** A GraphQL literal for a JS value (strings JSON-escaped, which GraphQL strings accept). */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object') return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${literal(v)}`).join(', ')} }`;
  if (typeof value === 'string' && /^[A-Z][A-Z_]+$/.test(value)) return value; // enum values
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function selection(type: GraphQLOutputType, rng: Random, depth: number, maxDepth: number): string {
  const named = getNamedType(type);
  if (isUnionType(named) || isInterfaceType(named)) return '{ __typename }';
  if (!isObjectType(named)) return '';
  const fields = Object.values((named as GraphQLObjectType).getFields()).filter((f) => f.args.every((a) => !isNonNullType(a.type)));
  const chosen = new Set<string>();
  const parts: string[] = [];
  for (let i = rng.int(1, 4); i > 0 && fields.length; i--) {
    const field = rng.pick(fields);
    if (chosen.has(field.name)) continue;
    chosen.add(field.name);
    const sub = depth < maxDepth ? selection(field.type, rng, depth + 1, maxDepth) : '';
    if (!sub && isObjectType(getNamedType(field.type))) continue;
    parts.push(`${field.name} ${sub}`.trim());
  }
  if (!parts.length) parts.push('__typename');
  return `{ ${parts.join(' ')} }`;
}

export function randomOperation(schema: GraphQLSchema, rng: Random, excluded: Set<string>): FuzzRequest {
  const mutation = rng.chance(0.3) && schema.getMutationType();
  const root = (mutation || schema.getQueryType())!;
  const fields = Object.values(root.getFields()).filter((f) => !excluded.has(f.name));
  const field: GraphQLField<unknown, unknown> = rng.pick(fields);
  const inline = rng.chance(0.4);
  const variables: Record<string, unknown> = {};
  const declarations: string[] = [];
  const args: string[] = [];
  for (const arg of field.args) {
    if (!isNonNullType(arg.type) && rng.chance(0.4)) continue;
    if (isNonNullType(arg.type) && rng.chance(0.05)) continue; // a missing required argument
    const value = randomValue(arg.type, rng);
    if (inline) {
      args.push(`${arg.name}: ${literal(value)}`);
    } else {
      declarations.push(`$${arg.name}: ${String(arg.type)}`);
      args.push(`${arg.name}: $${arg.name}`);
      variables[arg.name] = value;
    }
  }
  if (rng.chance(0.05)) args.push('notAnArgument: 1');
  const maxDepth = rng.chance(0.15) ? rng.int(8, 14) : rng.int(1, 4);
  const sub = selection(field.type, rng, 2, maxDepth);
  const call = `${field.name}${args.length ? `(${args.join(', ')})` : ''} ${sub}`;
  const aliases = rng.chance(0.15) ? rng.int(2, 25) : 0;
  const body = aliases ? Array.from({ length: aliases }, (_, i) => `a${i}: ${call}`).join(' ') : call;
  const operation = `${mutation ? 'mutation' : 'query'}${declarations.length ? `(${declarations.join(', ')})` : ''} { ${body} }`;
  return { label: `${mutation ? 'mutation' : 'query'} ${field.name}${aliases ? ` ×${aliases}` : ''}${inline ? ' inline' : ''}`, body: JSON.stringify({ query: operation, variables }) };
}
