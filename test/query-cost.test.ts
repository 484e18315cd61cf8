import { beforeAll, describe, expect, it } from 'vitest';
import { parse, type GraphQLSchema } from 'graphql';
import { getSchema } from '../server/src/graphql/schema.js';
import { checkQueryLimits } from '../server/src/graphql/limits.js';

/** The estimate the API puts on a query (read from the refusal under a limit of 1). */
function costOf(schema: GraphQLSchema, query: string, variables: Record<string, unknown> = {}): number {
  try {
    checkQueryLimits(parse(query), null, variables, { maxDepth: 20, maxAliases: 100, maxCost: 1 }, schema);
  } catch (error) {
    const match = /Query cost (\d+) exceeds/.exec((error as Error).message);
    if (match) return Number(match[1]);
    throw error;
  }
  return 1;
}

const refused = (schema: GraphQLSchema, query: string, variables: Record<string, unknown> = {}) => {
  try {
    checkQueryLimits(parse(query), null, variables, { maxDepth: 8, maxAliases: 15, maxCost: 5000 }, schema);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
};

const RECOMMENDED = (perPage: number) => `allCustomers(perPage: ${perPage}) { id recommendedProducts(limit: 1) { score } }`;

describe('query cost model', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => { schema = await getSchema(); });

  it('charges per-row work of a nested field by the rows of the list above it', () => {
    // 1 for the list, then per customer: id 1 + recommendedProducts 10 + one recommendation (score 1).
    expect(costOf(schema, `{ ${RECOMMENDED(30)} }`)).toBe(1 + 30 * (1 + 10 + 1));
    expect(costOf(schema, `{ ${RECOMMENDED(100)} }`)).toBe(1 + 100 * 12);
    expect(refused(schema, `{ ${RECOMMENDED(100)} }`)).toBeNull();
  });

  it('counts every alias in full: 15 aliases of the reported shape are over the limit', () => {
    const query = `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: ${RECOMMENDED(30)}`).join(' ')} }`;
    expect(costOf(schema, query)).toBe(15 * 361);
    expect(refused(schema, query)).toMatch(/cost 5415 exceeds the limit of 5000/);
  });

  it('uses the default of a page argument that is left out, or sent as a missing variable', () => {
    // allCustomers pages 25 by default, recommendedProducts 10.
    expect(costOf(schema, '{ allCustomers { id recommendedProducts { score } } }')).toBe(1 + 25 * (1 + 10 + 10 * 1));
    expect(costOf(schema, 'query($n: Int) { allCustomers(perPage: $n) { id } }', {})).toBe(1 + 25);
    expect(costOf(schema, 'query($n: Int) { allCustomers(perPage: $n) { id } }', { n: 80 })).toBe(1 + 80);
  });

  it('multiplies list fields without a page argument by their declared size', () => {
    // orders: up to 50; lines: 20 assumed; product 1 + stockCode 1.
    const one = '{ Customer(id: 1) { orders { lines { product { stockCode } } } } }';
    expect(costOf(schema, one)).toBe(1 + (1 + 50 * (1 + 20 * (1 + 1))));
    expect(refused(schema, one)).toBeNull();
    expect(refused(schema, '{ allCustomers(perPage: 100) { id orders { id lines { quantity product { stockCode } } } } }')).toMatch(/exceeds the limit/);
  });

  it('follows fragments and inline fragments with their type', () => {
    const viaFragment = `{ allCustomers(perPage: 30) { ...R } } fragment R on Customer { id recommendedProducts(limit: 1) { score } }`;
    expect(costOf(schema, viaFragment)).toBe(361);
    expect(costOf(schema, `{ allCustomers(perPage: 30) { ... on Customer { id recommendedProducts(limit: 1) { score } } } }`)).toBe(361);
  });
});
