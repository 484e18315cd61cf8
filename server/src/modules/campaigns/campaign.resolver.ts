import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, registerEnumType, Resolver, Root } from 'type-graphql';
import { Allow, MARKETING, READERS } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { applyListArgs, ListMetadata, PageArgs, toId } from '../../graphql/pagination.js';
import { AppError } from '../../errors.js';
import type { Channel } from '../audiences/index.js';
import { CampaignEntity } from './campaign.entity.js';
import {
  AttributionReportType, CampaignImpactRowType, CampaignInput, SegmentSizePointType, CampaignMembershipType, CampaignResultsType, CampaignType, ImportOutcomesInput, OutcomeImportReportType, STATUS_VALUES,
} from './campaign.types.js';
import { createCampaign, getCampaign, transitionCampaign, updateCampaign, type CampaignInput as ServiceInput } from './campaign.service.js';
import { attributeOrders, importOutcomes } from './campaign-outcomes.js';
import { campaignResults } from './campaign-results.js';
import { customerCampaigns } from './campaign-history.js';
import { campaignImpactOverTime, segmentSizesOverTime } from './campaign-impact.js';

export enum ImpactGroupBy { OVERALL = 'OVERALL', SEGMENT = 'SEGMENT', PERSONA = 'PERSONA' }
registerEnumType(ImpactGroupBy, {
  name: 'ImpactGroupBy', description: 'Overall, or by the segment or persona each member had at launch',
  valuesConfig: {
    OVERALL: { description: 'One row a campaign: all its members' },
    SEGMENT: { description: 'One row per segment the members were in at launch' },
    PERSONA: { description: 'One row per persona the members had at launch' },
  },
});

const toServiceInput = (input: CampaignInput): ServiceInput => ({
  ...input, channel: input.channel as Channel, audienceId: input.audienceId ? toId(input.audienceId, 'audienceId') : null,
});

@Resolver(() => CampaignType)
export class CampaignResolver {
  @FieldResolver(() => Int, { description: 'Members contacted: memberCount − controlCount' })
  treatmentCount(@Root() campaign: CampaignEntity) {
    return campaign.memberCount - campaign.controlCount;
  }

  @Query(() => [CampaignType]) @Allow(...READERS)
  allCampaigns(@Args() args: PageArgs, @Ctx() ctx: GraphQLContext) {
    const qb = ctx.dataSource.getRepository(CampaignEntity).createQueryBuilder('c');
    return applyListArgs(qb, { ...args, sortOrder: args.sortOrder ?? 'DESC' }, { id: 'c.id', name: 'c.name', status: 'c.status', sentAt: 'c.sent_at' }, 'id', 'c.id').getMany();
  }

  @Query(() => ListMetadata) @Allow(...READERS)
  async _allCampaignsMeta(@Args() _args: PageArgs, @Ctx() ctx: GraphQLContext) {
    return { count: await ctx.dataSource.getRepository(CampaignEntity).count() };
  }

  @Query(() => CampaignType, { name: 'Campaign' }) @Allow(...READERS)
  campaign(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return getCampaign(ctx.dataSource, toId(id));
  }

  @Query(() => CampaignResultsType, { description: 'Contacts, responses, revenue, ROI and lift against the control group, by segment and persona' }) @Allow(...READERS)
  campaignResults(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return campaignResults(ctx.dataSource, toId(id));
  }

  @Query(() => [CampaignImpactRowType], { description: 'Incremental ROI and lift with their intervals, per launched campaign with a control group, in send order' }) @Allow(...READERS)
  campaignImpactOverTime(
    @Arg('groupBy', () => ImpactGroupBy, { defaultValue: ImpactGroupBy.OVERALL, description: 'Overall (the default), by segment or by persona' }) groupBy: ImpactGroupBy,
    @Arg('from', () => Date, { nullable: true, description: 'Sent at or after' }) from: Date | undefined,
    @Arg('to', () => Date, { nullable: true, description: 'Sent before' }) to: Date | undefined,
    @Ctx() ctx: GraphQLContext,
  ) {
    return campaignImpactOverTime(ctx.dataSource, groupBy, from, to);
  }

  @Query(() => [SegmentSizePointType], { description: "Segment sizes over time: each activation with its run's segments, labelled by persona name" }) @Allow(...READERS)
  segmentSizesOverTime(
    @Arg('from', () => Date, { nullable: true, description: 'Activated at or after' }) from: Date | undefined,
    @Arg('to', () => Date, { nullable: true, description: 'Activated before' }) to: Date | undefined,
    @Ctx() ctx: GraphQLContext,
  ) {
    return segmentSizesOverTime(ctx.dataSource, from, to);
  }

  @Query(() => [CampaignMembershipType], { description: "The campaigns a customer was in, with the segment and persona frozen at each launch" }) @Allow(...READERS)
  customerCampaigns(@Arg('customerId', () => ID) customerId: string, @Ctx() ctx: GraphQLContext) {
    return customerCampaigns(ctx.dataSource, toId(customerId, 'customerId'));
  }

  @Mutation(() => CampaignType) @Allow(...MARKETING)
  createCampaign(@Arg('input', () => CampaignInput) input: CampaignInput, @Ctx() ctx: GraphQLContext) {
    return createCampaign(ctx.dataSource, toServiceInput(input), ctx.principal!.actor);
  }

  @Mutation(() => CampaignType, { description: 'Only draft or scheduled campaigns' }) @Allow(...MARKETING)
  updateCampaign(@Arg('id', () => ID) id: string, @Arg('input', () => CampaignInput) input: CampaignInput, @Ctx() ctx: GraphQLContext) {
    return updateCampaign(ctx.dataSource, toId(id), toServiceInput(input));
  }

  @Mutation(() => CampaignType, { description: 'draft → scheduled → running (launch: freezes the audience snapshot and control group) → completed; scheduled → draft; draft → running launches in one step' }) @Allow(...MARKETING)
  setCampaignStatus(
    @Arg('id', () => ID) id: string, @Arg('status') status: string,
    @Arg('sentAt', () => Date, { nullable: true, description: 'On launch: when the send went out (default: now)' }) sentAt: Date | undefined,
    @Ctx() ctx: GraphQLContext,
  ) {
    if (!STATUS_VALUES.includes(status as never)) throw new AppError('BAD_USER_INPUT', `status must be one of ${STATUS_VALUES.join(', ')}`);
    return transitionCampaign(ctx.dataSource, toId(id), status, { sentAt });
  }

  @Mutation(() => OutcomeImportReportType, { description: 'Records outcomes (up to 5000 rows per call; the CSV route takes any number)' }) @Allow(...MARKETING)
  importCampaignOutcomes(@Arg('id', () => ID) id: string, @Arg('input', () => ImportOutcomesInput) input: ImportOutcomesInput, @Ctx() ctx: GraphQLContext) {
    return importOutcomes(ctx.dataSource, toId(id), input.rows.map((r) => ({
      customerId: r.customerId ? toId(r.customerId, 'customerId') : undefined, externalId: r.externalId, group: r.group as 'treatment' | 'control' | undefined,
      responded: r.responded, converted: r.converted, revenue: r.revenue ?? 0,
    })));
  }

  @Mutation(() => AttributionReportType, { description: "Attributes members' orders within the attribution window after the send" }) @Allow(...MARKETING)
  attributeCampaignOrders(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return attributeOrders(ctx.dataSource, toId(id));
  }
}

