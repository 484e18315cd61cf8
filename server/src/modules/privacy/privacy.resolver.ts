import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Allow } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { toId } from '../../graphql/pagination.js';
import { CustomerType } from '../customers/index.js';
import { eraseCustomer } from './erase.service.js';
import { erasurePreview, ErasurePreview } from './erase-preview.js';

@Resolver()
export class PrivacyResolver {
  @Mutation(() => CustomerType, { description: 'GDPR erasure: personal fields and derived data removed; the audit log keeps that it happened' }) @Allow('admin')
  eraseCustomer(@Arg('id', () => ID) id: string, @Ctx() _ctx: GraphQLContext) {
    return eraseCustomer(_ctx.dataSource, toId(id), _ctx.principal!.actor);
  }

  @Query(() => ErasurePreview, { description: 'What eraseCustomer would remove, for the confirmation; changes nothing' }) @Allow('admin')
  erasurePreview(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return erasurePreview(ctx.dataSource, toId(id));
  }
}
