import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql';

/**
 * Query limits checked before execution: nesting depth, number of aliases and an estimated cost
 * (each field costs 1, times the page size its list argument asks for). Introspection fields are
 * not counted, so tools can load the schema in development. Depth counts selection sets:
 * `{ customer { orders { lines { product { id } } } } }` is 5 deep.
 */
export interface QueryLimits { maxDepth: number; maxAliases: number; maxCost: number }

const PAGE_ARGS = new Set(['perPage', 'first', 'take', 'limit', 'size']);

function tooComplex(message: string): GraphQLError {
  // Thrown from a plugin hook, where Apollo answers 500 unless the error names its HTTP status.
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });
}

function pageSize(value: ValueNode, variables: Record<string, unknown>): number {
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    return typeof v === 'number' ? v : 1;
  }
  return 1;
}

/** Throws QUERY_TOO_COMPLEX when the operation exceeds a limit. */
export function checkQueryLimits(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>, limits: QueryLimits): void {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  let aliases = 0;

  const walk = (set: SelectionSetNode | undefined, depth: number, seen: Set<string>): number => {
    if (!set) return 0;
    if (depth > limits.maxDepth) throw tooComplex(`Query is nested more than ${limits.maxDepth} levels deep`);
    let cost = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith('__')) continue;
        if (sel.alias) aliases++;
        let multiplier = 1;
        for (const arg of sel.arguments ?? []) if (PAGE_ARGS.has(arg.name.value)) multiplier = Math.max(1, pageSize(arg.value, variables));
        cost += 1 + multiplier * walk(sel.selectionSet, depth + 1, seen);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        cost += walk(sel.selectionSet, depth, seen);
      } else {
        const name = sel.name.value;
        if (seen.has(name)) continue; // fragment cycles are reported by GraphQL's own validation
        const fragment = fragments.get(name);
        if (fragment) cost += walk(fragment.selectionSet, depth, new Set([...seen, name]));
      }
    }
    return cost;
  };

  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    if (operationName && def.name?.value !== operationName) continue;
    const cost = walk(def.selectionSet, 1, new Set());
    if (aliases > limits.maxAliases) throw tooComplex(`Query uses ${aliases} aliases; the limit is ${limits.maxAliases}`);
    if (cost > limits.maxCost) throw tooComplex(`Query cost ${cost} exceeds the limit of ${limits.maxCost}`);
  }
}
