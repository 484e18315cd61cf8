import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Allow, ADMIN, Public } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { applyListArgs, ListMetadata, PageArgs, toId } from '../../graphql/pagination.js';
import type { Role } from '@segmenta/shared';
import { AuditEntryEntity } from '../audit/audit-entry.entity.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { UserEntity } from './user.entity.js';
import { createApiKey, createUser, login, logout, revokeApiKey } from './auth.service.js';
import { ApiKeyType, AuditEntryType, CreateApiKeyInput, CreatedApiKey, CreateUserInput, LoginArgs, MeType, UserType } from './auth.types.js';

export const SESSION_COOKIE = 'segmenta_session';

@Resolver()
export class AuthResolver {
  @Mutation(() => MeType, { description: 'Signs in and sets the httpOnly session cookie' }) @Public()
  async login(@Args() { email, password }: LoginArgs, @Ctx() ctx: GraphQLContext) {
    const { token, user, expiresAt } = await login(ctx.dataSource, ctx.config, email, password);
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
  allUsers(@Args() args: PageArgs, @Ctx() ctx: GraphQLContext) {
    const qb = ctx.dataSource.getRepository(UserEntity).createQueryBuilder('u');
    return applyListArgs(qb, args, { id: 'u.id', email: 'u.email', role: 'u.role' }, 'id', 'u.id').getMany();
  }

  @Query(() => ListMetadata) @Allow(...ADMIN)
  async _allUsersMeta(@Args() _args: PageArgs, @Ctx() ctx: GraphQLContext) {
    return { count: await ctx.dataSource.getRepository(UserEntity).count() };
  }

  @Mutation(() => UserType) @Allow(...ADMIN)
  createUser(@Arg('input', () => CreateUserInput) input: CreateUserInput, @Ctx() ctx: GraphQLContext) {
    return createUser(ctx.dataSource, { ...input, role: input.role as Role });
  }

  @Query(() => [ApiKeyType]) @Allow(...ADMIN)
  apiKeys(@Ctx() ctx: GraphQLContext) {
    return ctx.dataSource.getRepository(ApiKeyEntity).find({ order: { id: 'ASC' } });
  }

  @Mutation(() => CreatedApiKey) @Allow(...ADMIN)
  async createApiKey(@Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput, @Ctx() ctx: GraphQLContext) {
    const { key, plain } = await createApiKey(ctx.dataSource, { name: input.name, scopes: input.scopes, createdBy: ctx.principal?.kind === 'user' ? ctx.principal.id : null });
    return { apiKey: key, secret: plain };
  }

  @Mutation(() => ApiKeyType) @Allow(...ADMIN)
  revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return revokeApiKey(ctx.dataSource, toId(id));
  }

  @Query(() => [AuditEntryType]) @Allow(...ADMIN)
  allAuditEntries(@Args() args: PageArgs, @Ctx() ctx: GraphQLContext) {
    const qb = ctx.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('a');
    return applyListArgs(qb, { ...args, sortOrder: args.sortOrder ?? 'DESC' }, { id: 'a.id', createdAt: 'a.created_at' }, 'id', 'a.id').getMany();
  }

  @Query(() => ListMetadata) @Allow(...ADMIN)
  async _allAuditEntriesMeta(@Args() _args: PageArgs, @Ctx() ctx: GraphQLContext) {
    return { count: await ctx.dataSource.getRepository(AuditEntryEntity).count() };
  }
}
