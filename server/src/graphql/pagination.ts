import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { IsIn, IsOptional, Max, MaxLength, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { MAX_PAGE_SIZE, ownValue } from '@segmenta/shared';
import { AppError } from '../errors.js';

/** Page size when a list query names none (or passes null). */
export const DEFAULT_PER_PAGE = 25;

/** react-admin's list grammar (ra-data-graphql-simple): page is 0-based. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 0 }) @Min(0) @Max(1_000_000) page: number;
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PER_PAGE }) @Min(1) @Max(MAX_PAGE_SIZE) perPage: number;
  @Field({ nullable: true }) @IsOptional() @MaxLength(64) sortField?: string;
  @Field({ nullable: true }) @IsOptional() @IsIn(['ASC', 'DESC', 'asc', 'desc']) sortOrder?: string;
}

/** Keyset pagination for integrations that read everything: ordered by id, cursor = last id seen. */
@ArgsType()
export class KeysetArgs {
  @Field({ nullable: true, description: 'Cursor returned by the previous page (nextCursor)' }) @IsOptional() @MaxLength(64) after?: string;
  @Field(() => Int, { nullable: true, defaultValue: 100 }) @Min(1) @Max(MAX_PAGE_SIZE) first: number;
}

/** The page size of keyset args: an explicit `first: null` means the default, as leaving it out does. */
export const keysetSize = (args: KeysetArgs): number => args.first ?? 100;

@ObjectType()
export class ListMetadata {
  @Field(() => Int) count: number;
}

export function encodeCursor(id: number): string {
  return Buffer.from(`id:${id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const match = /^id:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new AppError('BAD_USER_INPUT', 'after is not a cursor returned by this API');
  return Number(match[1]);
}

/**
 * Sorting on a whitelist of fields (GraphQL name → SQL expression), always with the primary key
 * as tie-breaker so pages are stable.
 */
export function applyListArgs<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>, args: PageArgs, sortable: Record<string, string>, defaultSort: string, idColumn: string,
): SelectQueryBuilder<T> {
  const field = args.sortField ?? defaultSort;
  // Own keys only: `sortable['__proto__']` is Object.prototype, which TypeORM's orderBy would keep
  // and then write the tie-breaker into (every object in the process would inherit it).
  const expression = ownValue(sortable, field);
  if (typeof expression !== 'string') throw new AppError('BAD_USER_INPUT', `sortField must be one of ${Object.keys(sortable).join(', ')}`);
  const order = (args.sortOrder ?? 'ASC').toUpperCase() as 'ASC' | 'DESC';
  qb.orderBy(expression, order);
  if (expression !== idColumn) qb.addOrderBy(idColumn, order);
  // An explicit `perPage: null` skips the argument's default value: it means the default too.
  const perPage = args.perPage ?? DEFAULT_PER_PAGE;
  // Lists select from one table, so plain OFFSET/LIMIT (skip/take would make TypeORM query twice).
  return qb.offset((args.page ?? 0) * perPage).limit(perPage);
}

/** An ID argument as a row id: a positive integer, else BAD_USER_INPUT (never NaN into SQL). */
export function toId(value: string | number, what = 'id'): number {
  const id = typeof value === 'number' ? value : /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw new AppError('BAD_USER_INPUT', `${what} must be a positive integer id, got "${String(value).slice(0, 40)}"`);
  return id;
}

export const toIds = (values: (string | number)[]) => values.map((v) => toId(v));
