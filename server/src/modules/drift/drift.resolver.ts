import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Allow, MODELLING, STAFF } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { toId } from '../../graphql/pagination.js';
import { SegmentationRunType, type SegmentationRunEntity } from '../segmentation/index.js';
import { ActivationDecisionEntity } from './drift.entity.js';
import { activationNotices, decideActivation, driftReportOf } from './drift.service.js';
import { ActivationDecisionType, ActivationNoticeType, DriftReportType } from './drift.types.js';

@Resolver()
export class DriftResolver {
  @Query(() => [ActivationNoticeType], { description: 'Runs waiting for a person to activate them' }) @Allow(...STAFF)
  activationNotices(@Arg('dataSet', { defaultValue: 'default' }) dataSet: string, @Ctx() ctx: GraphQLContext) {
    return activationNotices(ctx.dataSource, dataSet);
  }

  @Mutation(() => ActivationDecisionType, { description: 'Applies the data set\'s activation policy to a succeeded run (once; later calls return the decision)' }) @Allow(...MODELLING)
  decideActivation(@Arg('runId', () => ID) runId: string, @Ctx() ctx: GraphQLContext) {
    return decideActivation(ctx.dataSource, toId(runId));
  }
}

/** A run's drift report and activation decision: drift builds on segmentation, so the fields live here. */
@Resolver(() => SegmentationRunType)
export class SegmentationRunDriftResolver {
  @FieldResolver(() => DriftReportType, { nullable: true, description: 'This run against the run live when it finished; null until computed' })
  driftReport(@Root() run: SegmentationRunEntity, @Ctx() ctx: GraphQLContext) {
    return driftReportOf(ctx.dataSource, run.id);
  }

  @FieldResolver(() => ActivationDecisionType, { nullable: true, description: 'What the activation policy decided for this run' })
  async activationDecision(@Root() run: SegmentationRunEntity, @Ctx() ctx: GraphQLContext) {
    const row = await ctx.dataSource.getRepository(ActivationDecisionEntity).findOne({ where: { runId: run.id }, order: { id: 'DESC' } });
    return row && { decisionId: row.id, runId: row.runId, policy: row.policy, outcome: row.outcome, reasons: row.reasons };
  }
}
