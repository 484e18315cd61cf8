import { Extensions, UseMiddleware, type MiddlewareFn } from 'type-graphql';
import type { ApiScope, Role } from '@segmenta/shared';
import type { Principal } from './principal.js';

/**
 * Deny by default: every Query and Mutation field must carry an explicit rule, either
 * `@Allow(...roles)` or `@Public()`. The rule is written into the field's schema extensions,
 * where the global guard (guard.ts) and the schema-walking test read it. A root field without one
 * is refused at run time and fails the test.
 */
export type AccessRule = 'public' | 'authenticated' | Role[];

export const STAFF: Role[] = ['admin', 'marketer', 'analyst'];
export const READERS: Role[] = ['admin', 'marketer', 'analyst', 'integration'];
export const MARKETING: Role[] = ['admin', 'marketer'];
export const MODELLING: Role[] = ['admin', 'marketer', 'analyst'];
export const ADMIN: Role[] = ['admin'];

/** Roles that may call the field (admin may always). Checked by the global guard in guard.ts. */
export function Allow(...roles: Role[]): MethodDecorator & PropertyDecorator {
  return Extensions({ access: roles });
}

/**
 * The scope an API key needs for the field (shared's API_SCOPES). Query fields that name none ask
 * for DEFAULT_READ_SCOPE; mutations that name none are closed to keys.
 */
export function Scope(scope: ApiScope): MethodDecorator & PropertyDecorator {
  return Extensions({ scope });
}

export function Public(): MethodDecorator & PropertyDecorator {
  return Extensions({ access: 'public' });
}

/** Personal data (email, name, birth date...): null for roles that may not see it (integration keys). */
// Typed by the one field it reads, so this file needs the principal only, not the whole request context.
const hidePersonalData: MiddlewareFn<{ principal: Principal | null }> = async ({ context }, next) => {
  const role = context.principal?.role;
  if (!role || role === 'integration') return null;
  return next();
};

export function PersonalData(): MethodDecorator & PropertyDecorator {
  const middleware = UseMiddleware(hidePersonalData);
  const extensions = Extensions({ personal: true });
  return (target: object, key: string | symbol, descriptor?: PropertyDescriptor) => {
    middleware(target, key, descriptor as never);
    extensions(target, key, descriptor as never);
  };
}

export function canSeePersonalData(role: Role | undefined): boolean {
  return role === 'admin' || role === 'marketer' || role === 'analyst';
}
