import type { MiddlewareFn } from 'type-graphql';
import type { Role } from '@segmenta/shared';
import { AppError } from '../errors.js';
import type { AccessRule } from './access.js';
import type { GraphQLContext } from './context.js';

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/** The access decision for one root field; exported for the role tests. */
export function checkAccess(rule: AccessRule | undefined, role: Role | undefined, fieldName: string): void {
  if (!rule) throw new AppError('FORBIDDEN', `${fieldName} has no access rule`);
  if (rule === 'public') return;
  if (!role) throw new AppError('UNAUTHENTICATED', 'Sign in or send an API key');
  if (rule === 'authenticated' || role === 'admin' || rule.includes(role)) return;
  throw new AppError('FORBIDDEN', `Your role (${role}) may not use ${fieldName}`);
}

/**
 * Global middleware, deny by default: a root field runs only if its @Allow/@Public rule admits
 * the caller. A field without a rule is refused, and the schema test fails on it.
 */
export const accessGuard: MiddlewareFn<GraphQLContext> = async ({ info, context }, next) => {
  if (ROOT_TYPES.has(info.parentType.name)) {
    const field = info.parentType.getFields()[info.fieldName];
    checkAccess(field?.extensions?.access as AccessRule | undefined, context.principal?.role, info.fieldName);
  }
  return next();
};
