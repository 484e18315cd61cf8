import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Allow, ADMIN, Public } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { whereIds } from '../../graphql/list-query.js';
import { applyListArgs, ListMetadata, PageArgs, toId } from '../../graphql/pagination.js';
import type { Role } from '@segmenta/shared';
import { AuditEntryEntity } from '../audit/index.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { UserEntity } from './user.entity.js';
import { createApiKey, createUser, login, logout, revokeApiKey, rotateApiKey, updateUser } from './auth.service.js';
import { AppError } from '../../errors.js';
import { containsPattern, LIKE_ESCAPE } from '../../db/like-pattern.js';
import { ApiKeyType, RotatedApiKey, AuditEntryFilter, AuditEntryType, CreateApiKeyInput, CreatedApiKey, CreateUserInput, LoginArgs, MeType, UpdateUserInput, UserFilter, UserType } from './auth.types.js';
import type { DataSource } from 'typeorm';

function usersFiltered(dataSource: DataSource, filter?: UserFilter) {
  const qb = dataSource.getRepository(UserEntity).createQueryBuilder('u');
  whereIds(qb, 'u.id', filter?.ids);
  if (filter?.role) qb.andWhere('u.role = :role', { role: filter.role });
  if (filter?.q) qb.andWhere(`(u.email LIKE :q ${LIKE_ESCAPE} OR u.name LIKE :q ${LIKE_ESCAPE})`, { q: containsPattern(filter.q, 'filter.q') });
  return qb;
}

function auditFiltered(dataSource: DataSource, filter?: AuditEntryFilter) {
  const qb = dataSource.getRepository(AuditEntryEntity).createQueryBuilder('a');
  whereIds(qb, 'a.id', filter?.ids);
  if (filter?.actor) qb.andWhere('a.actor = :actor', { actor: filter.actor });
  if (filter?.action) qb.andWhere('a.action = :action', { action: filter.action });
  if (filter?.outcome) qb.andWhere('a.outcome = :outcome', { outcome: filter.outcome });
  if (filter?.createdAt_gte) qb.andWhere('a.created_at >= :from', { from: filter.createdAt_gte });
  if (filter?.createdAt_lte) qb.andWhere('a.created_at <= :to', { to: filter.createdAt_lte });
  return qb;
}

export const SESSION_COOKIE = 'segmenta_session';

@Resolver()
export class AuthResolver {
  @Mutation(() => MeType, { description: 'Signs in and sets the httpOnly session cookie' }) @Public()
  async login(@Args() { email, password }: LoginArgs, @Ctx() ctx: GraphQLContext) {
    const { token, user, expiresAt } = await login(ctx.dataSource, ctx.config, email, password, () => new Date(), ctx.ip);
    ctx.res?.cookie(SESSION_COOKIE, token, {
      httpOnly: true, sameSite: 'lax', secure: ctx.config.session.cookieSecure, path: '/', expires: expiresAt,
    });
    return { id: user.id, kind: 'user', role: user.role, name: user.name };
  }

  @Mutation(() => Boolean) @Public()
  async logout(@Ctx() ctx: GraphQLContext) {
    const token = ctx.req?.cookies?.[SESSION_COOKIE] as string | undefined;
    if (token) await logout(ctx.dataSource, token);
    ctx.res?.clearCookie(SESSION_COOKIE, { path: '/' });
    return true;
  }

  @Query(() => MeType, { nullable: true, description: 'The signed-in principal, or null' }) @Public()
  me(@Ctx() ctx: GraphQLContext) {
    const p = ctx.principal;
    return p ? { id: p.id, kind: p.kind, role: p.role, name: p.name } : null;
  }

  @Query(() => [UserType]) @Allow(...ADMIN)
  allUsers(@Args() args: PageArgs, @Arg('filter', () => UserFilter, { nullable: true }) filter: UserFilter | undefined, @Ctx() ctx: GraphQLContext) {
    return applyListArgs(usersFiltered(ctx.dataSource, filter), args, { id: 'u.id', email: 'u.email', name: 'u.name', role: 'u.role' }, 'id', 'u.id').getMany();
  }

  @Query(() => ListMetadata) @Allow(...ADMIN)
  async _allUsersMeta(@Args() _args: PageArgs, @Arg('filter', () => UserFilter, { nullable: true }) filter: UserFilter | undefined, @Ctx() ctx: GraphQLContext) {
    return { count: await usersFiltered(ctx.dataSource, filter).getCount() };
  }

  @Query(() => UserType, { name: 'User' }) @Allow(...ADMIN)
  async user(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    const user = await ctx.dataSource.getRepository(UserEntity).findOneBy({ id: toId(id) });
    if (!user) throw new AppError('NOT_FOUND', `User ${id} not found`);
    return user;
  }

  @Mutation(() => UserType) @Allow(...ADMIN)
  updateUser(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateUserInput) input: UpdateUserInput, @Ctx() ctx: GraphQLContext) {
    if (ctx.principal?.kind === 'user' && ctx.principal.id === toId(id) && (input.disabled || (input.role && input.role !== 'admin'))) {
      throw new AppError('BAD_USER_INPUT', 'You cannot disable yourself or remove your own admin role');
    }
    return updateUser(ctx.dataSource, toId(id), input, { passwordPolicy: true });
  }

  @Mutation(() => UserType) @Allow(...ADMIN)
  createUser(@Arg('input', () => CreateUserInput) input: CreateUserInput, @Ctx() ctx: GraphQLContext) {
    return createUser(ctx.dataSource, { ...input, role: input.role as Role }, { passwordPolicy: true });
  }

  @Query(() => [ApiKeyType]) @Allow(...ADMIN)
  apiKeys(@Ctx() ctx: GraphQLContext) {
    return ctx.dataSource.getRepository(ApiKeyEntity).find({ order: { id: 'ASC' } });
  }

  @Mutation(() => CreatedApiKey) @Allow(...ADMIN)
  async createApiKey(@Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput, @Ctx() ctx: GraphQLContext) {
    const { key, plain } = await createApiKey(ctx.dataSource, { name: input.name, scopes: input.scopes, expiresAt: input.expiresAt ?? null, createdBy: ctx.principal?.kind === 'user' ? ctx.principal.id : null });
    return { apiKey: key, secret: plain };
  }

  @Mutation(() => RotatedApiKey, { description: 'A new key with the same name and scopes; the old one keeps working for overlapHours, then expires' }) @Allow(...ADMIN)
  async rotateApiKey(
    @Arg('id', () => ID, { description: 'The key to replace' }) id: string,
    @Arg('overlapHours', () => Int, { defaultValue: 24, description: 'How long both keys work (0 ends the old key now; at most 720)' }) overlapHours: number,
    @Ctx() ctx: GraphQLContext,
  ) {
    const { key, plain, replaced } = await rotateApiKey(ctx.dataSource, toId(id), overlapHours, ctx.principal?.kind === 'user' ? ctx.principal.id : null);
    return { apiKey: key, secret: plain, replaced };
  }

  @Mutation(() => ApiKeyType) @Allow(...ADMIN)
  revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return revokeApiKey(ctx.dataSource, toId(id));
  }

  @Query(() => [AuditEntryType]) @Allow(...ADMIN)
  allAuditEntries(@Args() args: PageArgs, @Arg('filter', () => AuditEntryFilter, { nullable: true }) filter: AuditEntryFilter | undefined, @Ctx() ctx: GraphQLContext) {
    return applyListArgs(auditFiltered(ctx.dataSource, filter), { ...args, sortOrder: args.sortOrder ?? 'DESC' }, { id: 'a.id', createdAt: 'a.created_at' }, 'id', 'a.id').getMany();
  }

  @Query(() => ListMetadata) @Allow(...ADMIN)
  async _allAuditEntriesMeta(@Args() _args: PageArgs, @Arg('filter', () => AuditEntryFilter, { nullable: true }) filter: AuditEntryFilter | undefined, @Ctx() ctx: GraphQLContext) {
    return { count: await auditFiltered(ctx.dataSource, filter).getCount() };
  }
}

@Resolver(() => AuditEntryType)
export class AuditEntryResolver {
  @FieldResolver(() => String, { description: 'Who acted, as people read it: a user\'s name, an API key\'s name, "command line", "Segmenta (automatic)"' })
  actorName(@Root() entry: AuditEntryEntity, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.actorName.load(entry.actor);
  }
}
