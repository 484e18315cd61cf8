import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { toId } from './pagination.js';

/**
 * The `ids` filter every react-admin list sends for getMany (`filter: { ids: [...] }`): narrows a
 * list query to those rows. `column` is the aliased id column (`'o.id'`), never input.
 */
export function whereIds<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, column: string, ids: readonly (string | number)[] | undefined): SelectQueryBuilder<T> {
  if (ids?.length) qb.andWhere(`${column} IN (:...ids)`, { ids: ids.map((value) => toId(value)) });
  return qb;
}
