import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { Allow, MODELLING, READERS } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { whereIds } from '../../graphql/list-query.js';
import { applyListArgs, ListMetadata, PageArgs, toId } from '../../graphql/pagination.js';
import { notFound } from '../../errors.js';
import { JobEntity } from './job.entity.js';
import { childrenOf, latestByStep } from './job-graph.js';
import { now as clockNow } from '../../clock.js';
import { cancelJob, retryJob } from './job-queue.js';
import { JobFilter, JobProgress, JobType } from './job.types.js';

const SORTABLE = { id: 'j.id', createdAt: 'j.created_at', status: 'j.status', type: 'j.type' };

function filtered(dataSource: DataSource, filter?: JobFilter) {
  const qb = dataSource.getRepository(JobEntity).createQueryBuilder('j');
  whereIds(qb, 'j.id', filter?.ids);
  if (filter?.status) qb.andWhere('j.status = :status', { status: filter.status });
  if (filter?.type) qb.andWhere('j.type = :type', { type: filter.type });
  if (filter?.parentId) qb.andWhere('j.parent_id = :parentId', { parentId: toId(filter.parentId) });
  return qb;
}

export async function getJob(dataSource: DataSource, id: number): Promise<JobEntity> {
  const job = await dataSource.getRepository(JobEntity).findOneBy({ id });
  if (!job) throw notFound('Job', id);
  return job;
}

/** Rate and ETA from progress since the job started (all attempts: progress is cumulative). */
export function jobProgress(job: Pick<JobEntity, 'status' | 'progressDone' | 'progressTotal' | 'startedAt'>, now = clockNow()): JobProgress {
  const fraction = job.progressTotal ? Math.min(1, job.progressDone / job.progressTotal) : job.status === 'succeeded' ? 1 : null;
  const elapsed = job.startedAt ? (now.getTime() - job.startedAt.getTime()) / 1000 : 0;
  const rate = elapsed > 0 && job.progressDone > 0 ? job.progressDone / elapsed : null;
  const etaSeconds = job.status === 'running' && rate && job.progressTotal ? Math.max(0, Math.round((job.progressTotal - job.progressDone) / rate)) : null;
  return { fraction, rate, etaSeconds, stepsDone: null, steps: null };
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

  /**
   * A parent (a job whose result lists `steps`) shows its children's combined progress: each child counts as one part, a running
   * child by its own fraction, over the parent's planned steps (progress_total) or its children.
   */
  @FieldResolver(() => JobProgress)
  async progress(@Root() job: JobEntity, @Ctx() ctx: GraphQLContext) {
    const own = jobProgress(job);
    // Only parents list their steps in their result; other jobs cost no query here.
    if (job.status !== 'waiting' && !(job.result && Array.isArray(job.result.steps))) return own;
    const children = latestByStep(await childrenOf(ctx.dataSource, job.id));
    if (children.size === 0) return own;
    let done = 0, partial = 0;
    for (const child of children.values()) {
      if (child.status === 'succeeded') done++;
      else partial += jobProgress(child).fraction ?? 0;
    }
    const planned = Math.max(job.progressTotal ?? 0, children.size);
    const fraction = job.status === 'succeeded' ? 1 : Math.min(1, (done + partial) / planned);
    return { ...own, fraction, stepsDone: done, steps: planned };
  }

  @FieldResolver(() => Boolean, { description: 'Running with a lapsed lease: its worker is presumed dead and the job will be reaped' })
  stale(@Root() job: JobEntity) {
    return job.status === 'running' && job.leaseExpiresAt !== null && job.leaseExpiresAt.getTime() < clockNow().getTime();
  }
}
