import {
  GraphQLError, Kind, getNamedType, isInterfaceType, isListType, isNonNullType, isObjectType,
  type DocumentNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLNamedType, type GraphQLOutputType, type GraphQLSchema,
  type SelectionSetNode, type ValueNode,
} from 'graphql';
import { ownValue } from '@segmenta/shared';
import { FIELD_COSTS } from './field-costs.js';

/**
 * Query limits checked before execution: nesting depth, number of aliases and an estimated cost.
 * A field costs its declared cost (graphql/field-costs.ts; default 1) plus its selection's cost
 * times the rows it returns: the page size its argument asks for (perPage, first, limit…; the
 * argument's default when left out), else the list size declared for it, else 1. Aliases of a
 * field each count in full. Introspection fields are not counted, so tools can load the schema in
 * development. Depth counts selection sets: `{ customer { orders { lines { product { id } } } } }`
 * is 5 deep.
 */
export interface QueryLimits { maxDepth: number; maxAliases: number; maxCost: number }

const PAGE_ARGS = new Set(['perPage', 'first', 'take', 'limit', 'size']);

function tooComplex(message: string): GraphQLError {
  // Thrown from a plugin hook, where Apollo answers 500 unless the error names its HTTP status.
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });
}

const isList = (type: GraphQLOutputType): boolean => isListType(isNonNullType(type) ? type.ofType : type);

/** The page size an argument asks for, or null when it leaves it to the default. */
function pageSize(value: ValueNode, variables: Record<string, unknown>): number | null {
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = ownValue(variables, value.name.value);
    return typeof v === 'number' ? v : null;
  }
  return null;
}

/** Throws QUERY_TOO_COMPLEX when the operation exceeds a limit. */
export function checkQueryLimits(
  document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>, limits: QueryLimits, schema?: GraphQLSchema,
): void {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  let aliases = 0;

  const walk = (set: SelectionSetNode | undefined, depth: number, seen: Set<string>, parent: GraphQLNamedType | undefined): number => {
    if (!set) return 0;
    if (depth > limits.maxDepth) throw tooComplex(`Query is nested more than ${limits.maxDepth} levels deep`);
    let cost = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith('__')) continue;
        if (sel.alias) aliases++;
        const field = parent && (isObjectType(parent) || isInterfaceType(parent)) ? ownValue(parent.getFields(), sel.name.value) as GraphQLField<unknown, unknown> | undefined : undefined;
        const declared = FIELD_COSTS.get(`${parent?.name}.${sel.name.value}`);
        let multiplier: number | null = null;
        for (const arg of sel.arguments ?? []) {
          const size = PAGE_ARGS.has(arg.name.value) ? pageSize(arg.value, variables) : null;
          if (size !== null) multiplier = Math.max(1, size);
        }
        if (multiplier === null && field) {
          // A page argument left out still pages: by its default.
          const paging = field.args.find((a) => PAGE_ARGS.has(a.name) && typeof a.defaultValue === 'number');
          if (paging) multiplier = Math.max(1, paging.defaultValue as number);
          else if (isList(field.type)) multiplier = declared?.listSize ?? 1;
        }
        cost += (declared?.cost ?? 1) + (multiplier ?? 1) * walk(sel.selectionSet, depth + 1, seen, field ? getNamedType(field.type) : undefined);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        cost += walk(sel.selectionSet, depth, seen, sel.typeCondition ? schema?.getType(sel.typeCondition.name.value) ?? undefined : parent);
      } else {
        const name = sel.name.value;
        if (seen.has(name)) continue; // fragment cycles are reported by GraphQL's own validation
        const fragment = fragments.get(name);
        if (fragment) cost += walk(fragment.selectionSet, depth, new Set([...seen, name]), schema?.getType(fragment.typeCondition.name.value) ?? undefined);
      }
    }
    return cost;
  };

  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    if (operationName && def.name?.value !== operationName) continue;
    const root = def.operation === 'mutation' ? schema?.getMutationType() : def.operation === 'subscription' ? schema?.getSubscriptionType() : schema?.getQueryType();
    const cost = walk(def.selectionSet, 1, new Set(), root ?? undefined);
    if (aliases > limits.maxAliases) throw tooComplex(`Query uses ${aliases} aliases; the limit is ${limits.maxAliases}`);
    if (cost > limits.maxCost) throw tooComplex(`Query cost ${cost} exceeds the limit of ${limits.maxCost}`);
  }
}
