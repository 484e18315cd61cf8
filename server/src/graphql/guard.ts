import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import { DEFAULT_READ_SCOPE, scopeAllows, type Role } from '@segmenta/shared';
import { AppError } from '../errors.js';
import type { AccessRule } from './access.js';
import type { GraphQLContext, Principal } from './context.js';

/** The access decision for one root field; exported for the role tests. */
export function checkAccess(rule: AccessRule | undefined, role: Role | undefined, fieldName: string): void {
  if (!rule) throw new AppError('FORBIDDEN', `${fieldName} has no access rule`);
  if (rule === 'public') return;
  if (!role) throw new AppError('UNAUTHENTICATED', 'Sign in or send an API key');
  if (rule === 'authenticated' || role === 'admin' || rule.includes(role)) return;
  throw new AppError('FORBIDDEN', `Your role (${role}) may not use ${fieldName}`);
}

/**
 * An API key may use a field or route only with the scope it asks for (shared's API_SCOPES).
 * Users and the CLI pass: their role decides. `needed` null: closed to keys.
 */
export function checkScope(principal: Principal | null | undefined, needed: string | null, fieldName: string): void {
  if (principal?.kind !== 'apikey') return;
  if (needed === null) throw new AppError('FORBIDDEN', `API keys may not use ${fieldName}`, { scope: null });
  if (!scopeAllows(principal.scopes ?? [], needed)) {
    throw new AppError('FORBIDDEN', `This API key lacks the scope ${needed}, which ${fieldName} needs`, { scope: needed });
  }
}

/** A plain route's access check: the role rule, then the key's scope. */
export function checkRouteAccess(rule: AccessRule, principal: Principal | null | undefined, fieldName: string, scope: string): void {
  checkAccess(rule, principal?.role, fieldName);
  checkScope(principal, scope, fieldName);
}

/**
 * Deny by default, around every root field (applyToRootFields): the field runs only if its
 * @Allow/@Public rule admits the caller. A field without a rule is refused, and the schema test
 * fails on it.
 */
export const accessGuard: MiddlewareFn<GraphQLContext> = async ({ info, context }, next) => {
  const field = info.parentType.getFields()[info.fieldName];
  const rule = field?.extensions?.access as AccessRule | undefined;
  checkAccess(rule, context.principal?.role, info.fieldName);
  const declared = field?.extensions?.scope as string | undefined;
  // Fields open to anyone (or to anyone signed in, like `me`) need no scope unless they name one.
  if (declared === undefined && (rule === 'public' || rule === 'authenticated')) return next();
  checkScope(context.principal, declared ?? (info.operation.operation === 'mutation' ? null : DEFAULT_READ_SCOPE), info.fieldName);
  return next();
};

/**
 * Wraps every field of the schema's root types (Query, Mutation, Subscription) in `middlewares`,
 * the first outermost, as type-graphql's global middlewares would, but leaves the fields of object
 * types alone. Each middleware gets `next`, which runs the rest of the chain and the field's own
 * resolver (with its own @UseMiddleware, e.g. @PersonalData) and returns its promise.
 */
function wrap(resolve: GraphQLFieldResolver<unknown, GraphQLContext>, middlewares: MiddlewareFn<GraphQLContext>[]): GraphQLFieldResolver<unknown, GraphQLContext> {
  return (root, args, context, info) => {
    const data = { root, args, context, info };
    const run = (index: number): Promise<unknown> => index === middlewares.length
      ? Promise.resolve(resolve(root, args, context, info))
      : middlewares[index](data, () => run(index + 1));
    return run(0);
  };
}

export function applyToRootFields(schema: GraphQLSchema, middlewares: MiddlewareFn<GraphQLContext>[]): void {
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!type) continue;
    for (const field of Object.values(type.getFields())) {
      field.resolve = wrap(field.resolve ?? defaultFieldResolver, middlewares);
      // A subscription is refused when it starts, before it reads anything, not at its first event.
      if (field.subscribe) field.subscribe = wrap(field.subscribe, middlewares);
    }
  }
}
