import type { DataSource } from 'typeorm';
import { API_SCOPES, isApiScope, ROLES, type Role } from '@segmenta/shared';
import type { AppConfig } from '../../config/index.js';
import { AppError } from '../../errors.js';
import type { Principal } from '../../graphql/context.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { forgetApiKey } from './api-key-principals.js';
import { loginWaitSeconds, recordLoginFailure, recordLoginSuccess } from './login-throttle.js';
import { checkPasswordPolicy } from './password-policy.js';
import { hashPassword, randomToken, sha256, verifyPassword } from './password.js';
import { SessionEntity } from './session.entity.js';
import { UserEntity } from './user.entity.js';

const USER_ROLES: Role[] = ['admin', 'marketer', 'analyst'];
/** A hash to compare against when the e-mail is unknown, so timing does not reveal which e-mails exist. */
let dummyHash: Promise<string> | null = null;

export interface NewUser { email: string; name: string; role: Role; password: string }

/**
 * `passwordPolicy`: refuse guessable passwords (password-policy.ts). Set for passwords chosen
 * through the API; the operator's own (bootstrap admin, demo users, the CLI) need only 8 characters.
 */
export interface PasswordRules { passwordPolicy?: boolean }

export async function createUser(dataSource: DataSource, input: NewUser, rules: PasswordRules = {}): Promise<UserEntity> {
  if (!USER_ROLES.includes(input.role)) throw new AppError('BAD_USER_INPUT', `role must be one of ${USER_ROLES.join(', ')}`);
  if (input.password.length < 8) throw new AppError('BAD_USER_INPUT', 'password must have at least 8 characters');
  const email = input.email.trim().toLowerCase();
  if (rules.passwordPolicy) await checkPasswordPolicy(input.password, { email, name: input.name, role: input.role });
  const repo = dataSource.getRepository(UserEntity);
  if (await repo.existsBy({ email })) throw new AppError('CONFLICT', `a user with e-mail ${email} exists`);
  const user = repo.create({ email, name: input.name, role: input.role, passwordHash: await hashPassword(input.password), disabled: false, createdAt: new Date() });
  return repo.save(user);
}

export function userPrincipal(user: UserEntity): Principal {
  return { kind: 'user', id: user.id, role: user.role as Role, name: user.name, actor: `user:${user.id}` };
}

/**
 * Checks the password and opens a session; returns the cookie token (only its hash is stored).
 * Failed attempts slow further ones down per e-mail and per address (login-throttle.ts). Every
 * failure takes the same path, e-mail known or not: one user lookup, one scrypt comparison (against
 * a dummy hash for an unknown or disabled user), one throttle write, and the same answer.
 */
export async function login(dataSource: DataSource, config: AppConfig, email: string, password: string, now: Date | (() => Date) = () => new Date(), ip: string | null = null) {
  // A clock rather than one instant: a block counts from when the failure was known, not from
  // when the request arrived (a slow comparison would otherwise eat into it).
  const clock = typeof now === 'function' ? now : () => now;
  const normalized = email.trim().toLowerCase();
  const wait = await loginWaitSeconds(dataSource, normalized, ip, clock());
  if (wait > 0) throw new AppError('RATE_LIMITED', `Too many failed sign-ins; try again in ${wait} s`, { retryAfter: wait });
  // Computed before the lookup, so the first unknown e-mail does not pay for it alone.
  const dummy = await (dummyHash ??= hashPassword('not-a-password'));
  const user = await dataSource.getRepository(UserEntity).findOneBy({ email: normalized });
  const usable = user !== null && !user.disabled;
  const matches = await verifyPassword(password, usable ? user.passwordHash : dummy);
  if (!usable || !matches) {
    await recordLoginFailure(dataSource, normalized, ip, clock());
    throw new AppError('UNAUTHENTICATED', 'Wrong e-mail or password');
  }
  const signedInAt = clock();
  await recordLoginSuccess(dataSource, normalized, ip, signedInAt);
  const token = randomToken();
  const expiresAt = new Date(signedInAt.getTime() + config.session.absoluteHours * 3600_000);
  await dataSource.getRepository(SessionEntity).insert({ tokenHash: sha256(token), userId: user.id, createdAt: signedInAt, lastSeenAt: signedInAt, expiresAt });
  return { token, user, expiresAt };
}

export async function logout(dataSource: DataSource, token: string): Promise<void> {
  await dataSource.getRepository(SessionEntity).delete({ tokenHash: sha256(token) });
}

/** A session is valid until its absolute expiry and while it was seen within the idle timeout. */
export async function principalFromSession(dataSource: DataSource, config: AppConfig, token: string, now = new Date()): Promise<Principal | null> {
  const sessions = dataSource.getRepository(SessionEntity);
  const session = await sessions.findOneBy({ tokenHash: sha256(token) });
  if (!session) return null;
  const idleLimit = session.lastSeenAt.getTime() + config.session.idleMinutes * 60_000;
  if (now > session.expiresAt || now.getTime() > idleLimit) {
    await sessions.delete({ tokenHash: session.tokenHash });
    return null;
  }
  const user = await dataSource.getRepository(UserEntity).findOneBy({ id: session.userId });
  if (!user || user.disabled) return null;
  // Sliding idle timeout; written at most once a minute to keep reads cheap.
  if (now.getTime() - session.lastSeenAt.getTime() > 60_000) await sessions.update({ tokenHash: session.tokenHash }, { lastSeenAt: now });
  return userPrincipal(user);
}

/** Unknown scopes are refused, so a typo never silently grants nothing (or everything). */
function checkScopes(scopes: string[]): string[] {
  const unknown = scopes.filter((scope) => !isApiScope(scope));
  if (unknown.length) throw new AppError('BAD_USER_INPUT', `unknown scope ${unknown.join(', ')}; scopes are ${Object.keys(API_SCOPES).join(', ')}`, { fields: [{ field: 'scopes', problems: ['unknown scope'] }] });
  if (!scopes.length) throw new AppError('BAD_USER_INPUT', 'an API key needs at least one scope');
  return [...new Set(scopes)];
}

export interface NewApiKey { name: string; scopes?: string[]; createdBy?: number | null; expiresAt?: Date | null; rotatedFromId?: number | null }

/** Creates an integration key; the plain key is returned once and never stored. */
export async function createApiKey(dataSource: DataSource, input: NewApiKey, now = new Date()) {
  const scopes = checkScopes(input.scopes ?? ['read']);
  if (input.expiresAt && input.expiresAt <= now) throw new AppError('BAD_USER_INPUT', 'expiresAt must be in the future');
  const secret = randomToken(24);
  const prefix = secret.slice(0, 8);
  const plain = `sgk_${secret}`;
  const repo = dataSource.getRepository(ApiKeyEntity);
  const key = await repo.save(repo.create({
    name: input.name, prefix, keyHash: sha256(plain), scopes, createdBy: input.createdBy ?? null, createdAt: now,
    expiresAt: input.expiresAt ?? null, rotatedFromId: input.rotatedFromId ?? null,
  }));
  return { key, plain };
}

/** Longest overlap of a rotation: both keys work for at most this long. */
export const MAX_ROTATION_OVERLAP_HOURS = 24 * 30;

/**
 * Rotation: a new key with the same name and scopes, while the old one keeps working for
 * `overlapHours` (then expires), so an integration can switch without a failed request.
 */
export async function rotateApiKey(dataSource: DataSource, id: number, overlapHours: number, createdBy: number | null, now = new Date()) {
  if (!Number.isFinite(overlapHours) || overlapHours < 0 || overlapHours > MAX_ROTATION_OVERLAP_HOURS) {
    throw new AppError('BAD_USER_INPUT', `overlapHours must be between 0 and ${MAX_ROTATION_OVERLAP_HOURS}`);
  }
  const repo = dataSource.getRepository(ApiKeyEntity);
  const old = await repo.findOneBy({ id });
  if (!old) throw new AppError('NOT_FOUND', `API key ${id} not found`);
  if (old.revokedAt || (old.expiresAt && old.expiresAt <= now)) throw new AppError('CONFLICT', `API key ${id} is revoked or expired; create a new key instead`);
  const overlapEnd = new Date(now.getTime() + overlapHours * 3600_000);
  const created = await createApiKey(dataSource, { name: old.name, scopes: old.scopes ?? ['read'], createdBy, expiresAt: old.expiresAt, rotatedFromId: old.id }, now);
  if (!old.expiresAt || old.expiresAt > overlapEnd) { old.expiresAt = overlapEnd; await repo.save(old); }
  forgetApiKey(dataSource, old.id);
  return { ...created, replaced: old };
}

export async function revokeApiKey(dataSource: DataSource, id: number): Promise<ApiKeyEntity> {
  const repo = dataSource.getRepository(ApiKeyEntity);
  const key = await repo.findOneBy({ id });
  if (!key) throw new AppError('NOT_FOUND', `API key ${id} not found`);
  if (!key.revokedAt) { key.revokedAt = new Date(); await repo.save(key); }
  forgetApiKey(dataSource, key.id);
  return key;
}

export const CLI_PRINCIPAL: Principal = { kind: 'cli', id: 0, role: 'admin', name: 'cli', actor: 'cli' };

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Creates the first admin from SEGMENTA_ADMIN_EMAIL / SEGMENTA_ADMIN_PASSWORD when there is no user yet. */
export async function ensureBootstrapAdmin(dataSource: DataSource, admin: { email: string; password: string } | null): Promise<UserEntity | null> {
  if (!admin) return null;
  if ((await dataSource.getRepository(UserEntity).count()) > 0) return null;
  return createUser(dataSource, { email: admin.email, name: 'Administrator', role: 'admin', password: admin.password });
}

export interface UserChanges { name?: string; role?: string; disabled?: boolean; password?: string }

/** Admin edits of a user; disabling a user or changing the password ends their sessions. */
export async function updateUser(dataSource: DataSource, id: number, changes: UserChanges, rules: PasswordRules = {}): Promise<UserEntity> {
  const repo = dataSource.getRepository(UserEntity);
  const user = await repo.findOneBy({ id });
  if (!user) throw new AppError('NOT_FOUND', `User ${id} not found`);
  if (changes.role !== undefined) {
    if (!USER_ROLES.includes(changes.role as Role)) throw new AppError('BAD_USER_INPUT', `role must be one of ${USER_ROLES.join(', ')}`);
    user.role = changes.role;
  }
  if (changes.name !== undefined) user.name = changes.name;
  if (changes.disabled !== undefined) user.disabled = changes.disabled;
  if (changes.password !== undefined) {
    if (rules.passwordPolicy) await checkPasswordPolicy(changes.password, { email: user.email, name: user.name, role: user.role });
    user.passwordHash = await hashPassword(changes.password);
  }
  await repo.save(user);
  if (changes.disabled || changes.password !== undefined) await dataSource.getRepository(SessionEntity).delete({ userId: id });
  return user;
}
