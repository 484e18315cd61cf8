import type { MiddlewareFn } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { AuditEntryEntity } from './audit-entry.entity.js';

const SECRET_KEYS = /password|secret|token|email|name|birth|phone|address/i;

/** Drops secrets and personal values from logged arguments; keeps ids, kinds and options. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 4) return '…';
  if (Array.isArray(value)) return value.length > 20 ? `[${value.length} items]` : value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[redacted]' : redact(v, depth + 1)]));
  }
  if (typeof value === 'string' && value.length > 200) return value.slice(0, 200) + '…';
  return value;
}

/** Around every root field (applyToRootFields, graphql/schema.ts): every mutation, allowed or refused, leaves one audit row. */
export const auditMutations: MiddlewareFn<GraphQLContext> = async ({ info, args, context }, next) => {
  if (info.parentType.name !== 'Mutation') return next();
  const repo = context.dataSource.getRepository(AuditEntryEntity);
  const write = (outcome: string, error?: unknown) =>
    repo.save(repo.create({
      actor: context.principal?.actor ?? 'anonymous', action: info.fieldName,
      details: { args: redact(args) as Record<string, any>, ...(error ? { error: (error as { code?: string }).code ?? (error as Error).name } : {}) },
      outcome, ip: context.ip, requestId: context.requestId, createdAt: new Date(),
    })).catch((e) => context.logger.error({ err: e }, 'audit write failed'));
  try {
    const result = await next();
    await write('ok');
    return result;
  } catch (error) {
    const code = (error as { code?: string }).code;
    await write(code === 'FORBIDDEN' || code === 'UNAUTHENTICATED' ? 'refused' : 'error', error);
    throw error;
  }
};
