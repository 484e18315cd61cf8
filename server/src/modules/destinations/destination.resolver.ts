import { Arg, Args, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { ADMIN, Allow, READERS } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { AppError } from '../../errors.js';
import { parseChangeCursor } from '../changes/index.js';
import type { DestinationEntity, DestinationRecordEntity } from './destination.entity.js';
import {
  createDestination, deadLetters, deleteDestination, deliveryLog, getDestination, listDestinations, replayDeadLetters, rotateSecret, sendTestEvent,
  setDestinationEnabled, updateDestination, type DestinationInput,
} from './destination.service.js';
import { audienceMembershipChanges } from './audience-feed.js';
import {
  AudienceFeedArgs, AudienceMembershipChangePageType, DestinationDeliveryType, DestinationInputType, DestinationRecordType, DestinationTestResultType,
  DestinationType, DestinationWithSecretType,
} from './destination.types.js';

function toId(raw: string | number): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 1) throw new AppError('BAD_USER_INPUT', `"${raw}" is not an id`);
  return id;
}

async function toType(ctx: GraphQLContext, d: DestinationEntity): Promise<DestinationType> {
  const counts: Record<string, unknown>[] = await ctx.dataSource.query(
    `SELECT status, COUNT(*) AS n FROM destination_records WHERE destination_id = ? AND status IN ('pending', 'batched', 'dead') GROUP BY status`, [d.id]);
  const count = (s: string) => Number(counts.find((c) => c.status === s)?.n ?? 0);
  return {
    id: d.id, name: d.name, url: d.url, kind: d.kind, audienceId: d.audienceId, fields: d.fields as string[], batchSize: d.batchSize, maxBatchBytes: d.maxBatchBytes,
    status: d.status, pausedReason: d.pausedReason, secretHint: `…${d.secret.slice(-4)}`, previousSecretUntil: d.previousSecretUntil,
    pendingRecords: count('pending') + count('batched'), initialSyncDone: d.initialSyncDone, deadLetters: count('dead'), createdAt: d.createdAt, updatedAt: d.updatedAt,
  };
}

const recordType = (r: DestinationRecordEntity): DestinationRecordType => ({
  cursor: String(r.id), idempotencyKey: `rec_${r.destinationId}_${r.id}`, op: r.op, customerId: r.externalId, data: r.data, tombstone: r.op === 'removed', status: r.status, createdAt: r.createdAt,
});

function toInput(input: DestinationInputType): DestinationInput {
  return { ...input, audienceId: input.audienceId === undefined ? undefined : input.audienceId === null ? null : toId(input.audienceId) };
}

@Resolver()
export class DestinationResolver {
  @Query(() => [DestinationType], { description: 'Webhook destinations' }) @Allow(...ADMIN)
  async destinations(@Ctx() ctx: GraphQLContext) {
    return Promise.all((await listDestinations(ctx.dataSource)).map((d) => toType(ctx, d)));
  }

  @Query(() => DestinationType) @Allow(...ADMIN)
  async destination(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return toType(ctx, await getDestination(ctx.dataSource, toId(id)));
  }

  @Query(() => [DestinationDeliveryType], { description: 'The delivery log: batches, newest first' }) @Allow(...ADMIN)
  async destinationDeliveries(@Arg('destinationId', () => ID) destinationId: string, @Arg('first', () => Int, { defaultValue: 50 }) first: number, @Ctx() ctx: GraphQLContext) {
    return (await deliveryLog(ctx.dataSource, toId(destinationId), first)).map((b) => ({ ...b, nextAttemptAt: b.status === 'pending' ? b.nextAttemptAt : null }));
  }

  @Query(() => [DestinationRecordType], { description: 'The dead-letter list: records that failed alone after every retry' }) @Allow(...ADMIN)
  async destinationDeadLetters(@Arg('destinationId', () => ID) destinationId: string, @Arg('first', () => Int, { defaultValue: 100 }) first: number, @Ctx() ctx: GraphQLContext) {
    return (await deadLetters(ctx.dataSource, toId(destinationId), first)).map(recordType);
  }

  @Mutation(() => DestinationWithSecretType) @Allow(...ADMIN)
  async createDestination(@Arg('input', () => DestinationInputType) input: DestinationInputType, @Ctx() ctx: GraphQLContext) {
    const d = await createDestination(ctx.dataSource, ctx.config, toInput(input), ctx.principal!.actor);
    return { destination: await toType(ctx, d), secret: d.secret };
  }

  @Mutation(() => DestinationType) @Allow(...ADMIN)
  async updateDestination(@Arg('id', () => ID) id: string, @Arg('input', () => DestinationInputType) input: DestinationInputType, @Ctx() ctx: GraphQLContext) {
    return toType(ctx, await updateDestination(ctx.dataSource, ctx.config, toId(id), toInput(input)));
  }

  @Mutation(() => DestinationType, { description: 'Enable (clears a pause, starts a sync) or pause' }) @Allow(...ADMIN)
  async setDestinationEnabled(@Arg('id', () => ID) id: string, @Arg('enabled') enabled: boolean, @Ctx() ctx: GraphQLContext) {
    return toType(ctx, await setDestinationEnabled(ctx.dataSource, toId(id), enabled, ctx.principal!.actor));
  }

  @Mutation(() => DestinationWithSecretType, { description: 'A new secret; the previous one also signs for graceHours' }) @Allow(...ADMIN)
  async rotateDestinationSecret(@Arg('id', () => ID) id: string, @Arg('graceHours', () => Int, { defaultValue: 24 }) graceHours: number, @Ctx() ctx: GraphQLContext) {
    const d = await rotateSecret(ctx.dataSource, toId(id), { graceHours });
    return { destination: await toType(ctx, d), secret: d.secret };
  }

  @Mutation(() => DestinationType) @Allow(...ADMIN)
  async deleteDestination(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    const d = await deleteDestination(ctx.dataSource, toId(id));
    return { ...(await toType(ctx, d)), pendingRecords: 0, deadLetters: 0 };
  }

  @Mutation(() => DestinationTestResultType, { description: 'Sends one signed test event now and reports the answer' }) @Allow(...ADMIN)
  sendDestinationTestEvent(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return sendTestEvent(ctx.dataSource, ctx.config, toId(id));
  }

  @Mutation(() => Int, { description: 'Replays dead letters (all, or the records named); returns how many' }) @Allow(...ADMIN)
  replayDeadLetters(@Arg('destinationId', () => ID) destinationId: string, @Arg('recordIds', () => [ID], { nullable: true }) recordIds: string[] | null, @Ctx() ctx: GraphQLContext) {
    return replayDeadLetters(ctx.dataSource, toId(destinationId), recordIds ? recordIds.map(toId) : null, ctx.principal!.actor);
  }

  @Query(() => AudienceMembershipChangePageType, { description: 'Membership changes of an audience after a cursor (first pages: the whole audience as added); removals are tombstones' })
  @Allow(...READERS)
  async audienceMembershipChanges(@Args() args: AudienceFeedArgs, @Ctx() ctx: GraphQLContext) {
    const first = args.first ?? 100;
    const after = parseChangeCursor(args.after);
    const page = await audienceMembershipChanges(ctx.dataSource, toId(args.audienceId), after, first);
    const nodes = page.records.map(recordType);
    return { nodes, endCursor: nodes.length ? nodes[nodes.length - 1].cursor : String(after), hasMore: page.hasMore, initialSyncDone: page.initialSyncDone };
  }
}
