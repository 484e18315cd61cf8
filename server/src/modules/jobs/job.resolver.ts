import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { Allow, MODELLING, READERS } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { whereIds } from '../../graphql/list-query.js';
import { applyListArgs, ListMetadata, PageArgs, toId } from '../../graphql/pagination.js';
import { notFound } from '../../errors.js';
import { JobEntity } from './job.entity.js';
import { cancelJob, retryJob } from './job-queue.js';
import { JobFilter, JobProgress, JobType } from './job.types.js';

const SORTABLE = { id: 'j.id', createdAt: 'j.created_at', status: 'j.status', type: 'j.type' };

function filtered(dataSource: DataSource, filter?: JobFilter) {
  const qb = dataSource.getRepository(JobEntity).createQueryBuilder('j');
  whereIds(qb, 'j.id', filter?.ids);
  if (filter?.status) qb.andWhere('j.status = :status', { status: filter.status });
  if (filter?.type) qb.andWhere('j.type = :type', { type: filter.type });
  return qb;
}

export async function getJob(dataSource: DataSource, id: number): Promise<JobEntity> {
  const job = await dataSource.getRepository(JobEntity).findOneBy({ id });
  if (!job) throw notFound('Job', id);
  return job;
}

/** Rate and ETA from progress since the job started (all attempts: progress is cumulative). */
export function jobProgress(job: Pick<JobEntity, 'status' | 'progressDone' | 'progressTotal' | 'startedAt'>, now = new Date()): JobProgress {
  const fraction = job.progressTotal ? Math.min(1, job.progressDone / job.progressTotal) : job.status === 'succeeded' ? 1 : null;
  const elapsed = job.startedAt ? (now.getTime() - job.startedAt.getTime()) / 1000 : 0;
  const rate = elapsed > 0 && job.progressDone > 0 ? job.progressDone / elapsed : null;
  const etaSeconds = job.status === 'running' && rate && job.progressTotal ? Math.max(0, Math.round((job.progressTotal - job.progressDone) / rate)) : null;
  return { fraction, rate, etaSeconds };
}

@Resolver(() => JobType)
export class JobResolver {
  @Query(() => [JobType]) @Allow(...READERS)
  allJobs(@Args() args: PageArgs, @Arg('filter', () => JobFilter, { nullable: true }) filter: JobFilter | undefined, @Ctx() ctx: GraphQLContext) {
    return applyListArgs(filtered(ctx.dataSource, filter), args, SORTABLE, 'id', 'j.id').getMany();
  }

  @Query(() => ListMetadata) @Allow(...READERS)
  async _allJobsMeta(@Args() _args: PageArgs, @Arg('filter', () => JobFilter, { nullable: true }) filter: JobFilter | undefined, @Ctx() ctx: GraphQLContext) {
    return { count: await filtered(ctx.dataSource, filter).getCount() };
  }

  @Query(() => JobType, { name: 'Job' }) @Allow(...READERS)
  job(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return getJob(ctx.dataSource, toId(id));
  }

  @Mutation(() => JobType) @Allow(...MODELLING)
  cancelJob(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return cancelJob(ctx.dataSource, toId(id));
  }

  @Mutation(() => JobType) @Allow(...MODELLING)
  retryJob(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return retryJob(ctx.dataSource, toId(id));
  }

  @FieldResolver(() => JobProgress)
  progress(@Root() job: JobEntity) {
    return jobProgress(job);
  }
}
