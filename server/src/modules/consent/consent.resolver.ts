import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Channel, ConsentSource, ConsentState } from '@segmenta/shared';
import { Allow, MARKETING, STAFF } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { toId } from '../../graphql/pagination.js';
import { AppError } from '../../errors.js';
import { CustomerType, CustomerEntity } from '../customers/index.js';
import { signConsentLink } from './consent-link.js';
import { changeConsent, consentHistory } from './consent.service.js';
import { ConsentChangeType, ConsentLinkInput, ConsentLinkType, SetConsentInput } from './consent.types.js';

@Resolver()
export class ConsentResolver {
  @Mutation(() => CustomerType, { description: 'Sets one channel\'s consent; recorded in the consent history. Setting the state it already has records nothing' }) @Allow(...MARKETING)
  async setConsent(@Arg('input', () => SetConsentInput) input: SetConsentInput, @Ctx() ctx: GraphQLContext) {
    const { customer } = await changeConsent(ctx.dataSource, {
      customerId: toId(input.customerId), channel: input.channel as Channel, to: input.state as ConsentState,
      source: (input.source ?? 'api') as ConsentSource, actor: ctx.principal!.actor,
    });
    return customer;
  }

  @Query(() => [ConsentChangeType], { description: 'A customer\'s consent changes, newest first' }) @Allow(...STAFF)
  consentChanges(@Arg('customerId', () => ID) customerId: string, @Arg('limit', () => Int, { defaultValue: 50 }) limit: number, @Ctx() ctx: GraphQLContext) {
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new AppError('BAD_USER_INPUT', 'limit must be from 1 to 500');
    return consentHistory(ctx.dataSource, toId(customerId), limit);
  }

  @Query(() => ConsentLinkType, { description: 'A signed preferences link for a campaign message to carry' }) @Allow(...MARKETING)
  async consentLink(@Arg('input', () => ConsentLinkInput) input: ConsentLinkInput, @Ctx() ctx: GraphQLContext) {
    const customerId = toId(input.customerId);
    if (!(await ctx.dataSource.getRepository(CustomerEntity).existsBy({ id: customerId }))) throw new AppError('NOT_FOUND', `Customer ${input.customerId} not found`);
    const expires = Math.floor(Date.now() / 1000) + input.validDays * 86_400;
    const token = signConsentLink(ctx.config.consentLinkSecret, { customerId, channel: input.channel as Channel, expires });
    return { token, path: `/api/preferences/${token}`, expiresAt: new Date(expires * 1000) };
  }
}
