import { Arg, Args, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { Allow, MARKETING, READERS, STAFF } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { whereIds } from '../../graphql/list-query.js';
import { applyListArgs, ListMetadata, PageArgs, toId } from '../../graphql/pagination.js';
import { JobType } from '../jobs/index.js';
import { startRefresh } from '../refresh/index.js';
import { ScheduleEntity } from './schedule.entity.js';
import { createSchedule, deleteSchedule, getSchedule, pauseSchedule, resumeSchedule, runScheduleNow, scheduleHistory, updateSchedule } from './schedule.service.js';
import { FreshnessType, ScheduleFilter, ScheduleInput, ScheduleRunType, ScheduleType } from './schedule.types.js';
import { freshness } from './freshness.js';

const SORTABLE = { id: 's.id', name: 's.name', action: 's.action', nextRunAt: 's.next_run_at', lastRunAt: 's.last_run_at' };

function filtered(dataSource: DataSource, filter?: ScheduleFilter) {
  const qb = dataSource.getRepository(ScheduleEntity).createQueryBuilder('s');
  whereIds(qb, 's.id', filter?.ids);
  if (filter?.action) qb.andWhere('s.action = :action', { action: filter.action });
  if (filter?.enabled !== undefined && filter.enabled !== null) qb.andWhere('s.enabled = :enabled', { enabled: filter.enabled });
  return qb;
}

@Resolver(() => ScheduleType)
export class ScheduleResolver {
  @Query(() => [ScheduleType]) @Allow(...STAFF)
  allSchedules(@Args() args: PageArgs, @Arg('filter', () => ScheduleFilter, { nullable: true }) filter: ScheduleFilter | undefined, @Ctx() ctx: GraphQLContext) {
    return applyListArgs(filtered(ctx.dataSource, filter), args, SORTABLE, 'id', 's.id').getMany();
  }

  @Query(() => ListMetadata) @Allow(...STAFF)
  async _allSchedulesMeta(@Args() _args: PageArgs, @Arg('filter', () => ScheduleFilter, { nullable: true }) filter: ScheduleFilter | undefined, @Ctx() ctx: GraphQLContext) {
    return { count: await filtered(ctx.dataSource, filter).getCount() };
  }

  @Query(() => ScheduleType, { name: 'Schedule' }) @Allow(...STAFF)
  schedule(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return getSchedule(ctx.dataSource, toId(id));
  }

  @Query(() => [ScheduleRunType], { description: "A schedule's ticks, newest first: started, skipped (overlap refused) or failed" }) @Allow(...STAFF)
  scheduleRuns(@Arg('scheduleId', () => ID) scheduleId: string, @Arg('take', () => Int, { nullable: true, defaultValue: 50 }) take: number, @Ctx() ctx: GraphQLContext) {
    return scheduleHistory(ctx.dataSource, toId(scheduleId, 'scheduleId'), Math.min(Math.max(1, take), 200));
  }

  @Query(() => FreshnessType, { description: 'Last and next refresh, the as-of times of segments, scores and audience counts, and a warning when data is older than the schedule promised' }) @Allow(...READERS)
  freshness(@Ctx() ctx: GraphQLContext) {
    return freshness(ctx.dataSource);
  }

  @Mutation(() => ScheduleType) @Allow(...MARKETING)
  createSchedule(@Arg('input', () => ScheduleInput) input: ScheduleInput, @Ctx() ctx: GraphQLContext) {
    return createSchedule(ctx.dataSource, input, ctx.principal!.actor);
  }

  @Mutation(() => ScheduleType, { description: 'A new cron or time zone moves the next tick to the first one after now' }) @Allow(...MARKETING)
  updateSchedule(@Arg('id', () => ID) id: string, @Arg('input', () => ScheduleInput) input: ScheduleInput, @Ctx() ctx: GraphQLContext) {
    return updateSchedule(ctx.dataSource, toId(id), input);
  }

  @Mutation(() => ScheduleType) @Allow(...MARKETING)
  deleteSchedule(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return deleteSchedule(ctx.dataSource, toId(id));
  }

  @Mutation(() => ScheduleType) @Allow(...MARKETING)
  pauseSchedule(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return pauseSchedule(ctx.dataSource, toId(id));
  }

  @Mutation(() => ScheduleType) @Allow(...MARKETING)
  resumeSchedule(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return resumeSchedule(ctx.dataSource, toId(id));
  }

  @Mutation(() => ScheduleRunType, { description: 'Runs the schedule now; refused (recorded as skipped) while its last run is active' }) @Allow(...MARKETING)
  runScheduleNow(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return runScheduleNow(ctx.dataSource, toId(id), ctx.principal!.actor);
  }

  @Mutation(() => JobType, { description: 'Starts the refresh chain (features and segmentation → activation decision → retrain → rescore → targeting); a second request gets the running chain' }) @Allow(...MARKETING)
  async startRefresh(@Ctx() ctx: GraphQLContext) {
    return (await startRefresh(ctx.dataSource, ctx.principal!.actor)).job;
  }
}
