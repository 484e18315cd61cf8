import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import { CriticalityLevel, diff } from '@graphql-inspector/core';

// The versioning policy's check (docs/api.md): the schema the server serves may add to the last
// released one (schema/released.graphql) but not break it, as @graphql-inspector grades changes.
// A field, argument or enum value goes away only after a release in which it was @deprecated: such
// a removal is let through. On a release, copy schema.graphql to schema/released.graphql.

const read = (path: string) => buildSchema(fs.readFileSync(new URL(`../${path}`, import.meta.url), 'utf8'));

/** Whether `Type.field`, `Type.field.argument`, `Input.field` or `Enum.VALUE` carries @deprecated in `schema`. */
function wasDeprecated(schema: GraphQLSchema, path: string | undefined): boolean {
  const [typeName, member, argument] = (path ?? '').split('.');
  const type = schema.getType(typeName);
  if (!type || !member) return false;
  if (isObjectType(type) || isInterfaceType(type)) {
    const field = type.getFields()[member];
    if (!field) return false;
    return argument ? Boolean(field.args.find((a) => a.name === argument)?.deprecationReason) : Boolean(field.deprecationReason);
  }
  if (isInputObjectType(type)) return Boolean(type.getFields()[member]?.deprecationReason);
  if (isEnumType(type)) return Boolean(type.getValue(member)?.deprecationReason);
  return false;
}

const REMOVALS = new Set(['FIELD_REMOVED', 'FIELD_ARGUMENT_REMOVED', 'INPUT_FIELD_REMOVED', 'ENUM_VALUE_REMOVED']);

/** Breaking changes, except removals of what the released schema had deprecated. */
async function breakingChanges(before: string | GraphQLSchema, after: string | GraphQLSchema): Promise<string[]> {
  const from = typeof before === 'string' ? buildSchema(before) : before;
  const to = typeof after === 'string' ? buildSchema(after) : after;
  return (await diff(from, to))
    .filter((change) => change.criticality.level === CriticalityLevel.Breaking)
    .filter((change) => !(REMOVALS.has(change.type) && wasDeprecated(from, change.path)))
    .map((change) => `${change.path}: ${change.message}`);
}

describe('schema compatibility', () => {
  it('breaks nothing of the last released schema', async () => {
    expect(await breakingChanges(read('schema/released.graphql'), read('schema.graphql'))).toEqual([]);
  });

  it('fails on a removal that was not deprecated first, and lets a deprecated field go', async () => {
    const released = 'type Query { tag: Tag } type Tag { externalId: String! customerId: String! @deprecated(reason: "Use externalId") segment: Int }';
    expect(await breakingChanges(released, 'type Query { tag: Tag } type Tag { externalId: String! customerId: String! }')).toEqual(['Tag.segment: Field \'segment\' was removed from object type \'Tag\'']);
    expect(await breakingChanges(released, 'type Query { tag: Tag } type Tag { externalId: String! segment: Int }')).toEqual([]);
    expect(await breakingChanges(released, 'type Query { tag: Tag } type Tag { externalId: String customerId: String! segment: Int }')).toHaveLength(1);
  });
});
