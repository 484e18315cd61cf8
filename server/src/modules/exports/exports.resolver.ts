import { Args, ArgsType, Ctx, Field, Float, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { IsOptional, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAGE_SIZE } from '@segmenta/shared';
import { Allow, READERS, Scope } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { toId } from '../../graphql/pagination.js';
import { nextTagCursor, resolvePin, tagsPage } from './tags.service.js';

@ObjectType('CustomerTag', { description: 'One customer\'s tags, flat, each value with the version of its source (docs/api.md)' })
export class CustomerTagType {
  @Field({ description: 'The customer\'s id in the source system: the key integrations match on' }) externalId: string;
  @Field(() => ID, { description: 'Segmenta\'s internal customer id (Customer.id)' }) id: number;
  @Field({ description: 'The customer id of the source system', deprecationReason: 'Use externalId: customerId means the internal id elsewhere in the API' })
  get customerId(): string { return this.externalId; }
  @Field({ description: 'upsert, or remove for an erased customer' }) action: string;
  @Field(() => ID, { nullable: true, description: 'The segmentation run the segment and persona come from (the pull\'s pinned run)' }) runId: number | null;
  @Field(() => String, { nullable: true, description: 'Version of the pinned run\'s clustering model (null when the customer is not in the run)' }) runModelVersion: string | null;
  @Field(() => ID, { nullable: true, description: 'Segment in the pinned run' }) segmentId: number | null;
  @Field(() => Int, { nullable: true, description: 'The segment\'s label: local to one run, use segmentKey to match across runs' }) segmentLabel: number | null;
  @Field(() => Int, { nullable: true, description: 'Segment label in the live run', deprecationReason: 'Use segmentLabel (or segmentId / segmentKey)' })
  get segment(): number | null { return this.segmentLabel; }
  @Field(() => String, { nullable: true, description: 'A key that survives re-runs; null until segments are matched across runs' }) segmentKey: string | null;
  @Field(() => ID, { nullable: true, description: 'Persona of the segment' }) personaId: number | null;
  @Field(() => String, { nullable: true, description: 'Name of the persona' }) persona: string | null;
  @Field(() => ID, { nullable: true, description: 'The feature snapshot the RFM values come from (the pull\'s pinned snapshot)' }) snapshotId: number | null;
  @Field(() => String, { nullable: true, description: 'RFM group (Champions, Loyal, …; docs/rfm.md)' }) rfmGroup: string | null;
  @Field(() => Int, { nullable: true, description: 'Recency score 1–5 (5 = most recent)' }) recencyScore: number | null;
  @Field(() => Int, { nullable: true, description: 'Frequency score 1–5' }) frequencyScore: number | null;
  @Field(() => Int, { nullable: true, description: 'Monetary score 1–5' }) monetaryScore: number | null;
  @Field(() => Float, { nullable: true, description: 'Probability of responding to a campaign, from the response model' }) responseProbability: number | null;
  @Field(() => String, { nullable: true, description: 'Version of the response model that gave responseProbability, e.g. v3' }) responseModelVersion: string | null;
  @Field(() => ID, { nullable: true, description: 'Segment the early-signal model predicts for the customer' }) predictedSegmentId: number | null;
  @Field(() => String, { nullable: true, description: 'Version of the segment model that gave predictedSegmentId' }) segmentModelVersion: string | null;
  @Field(() => Date, { nullable: true, description: 'When the model scores were computed (scores follow the scoring jobs, not the pinned run)' }) scoredAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Version of the live run\'s clustering model', deprecationReason: 'Use runModelVersion' })
  get modelVersion(): string | null { return this.runModelVersion; }
}

@ObjectType('CustomerTagPage', { description: 'A page of the tags feed' })
export class CustomerTagPageType {
  @Field(() => [CustomerTagType], { description: 'Tags in internal id order' }) nodes: CustomerTagType[];
  @Field(() => String, { nullable: true, description: 'Pass as after for the next page; null on the last. It carries the pinned run and snapshot' }) nextCursor: string | null;
  @Field(() => ID, { nullable: true, description: 'The run every page of this pull reads' }) runId: number | null;
  @Field(() => ID, { nullable: true, description: 'The feature snapshot every page of this pull reads' }) snapshotId: number | null;
}

@ArgsType()
export class CustomerTagsArgs {
  @Field(() => ID, { nullable: true, description: 'Read this finished run instead of the live one (ignored pages after the first: the cursor carries it)' }) @IsOptional() runId?: string;
  @Field({ nullable: true, description: 'Cursor returned by the previous page (nextCursor)' }) @IsOptional() @MaxLength(128) after?: string;
  @Field(() => Int, { nullable: true, defaultValue: 100, description: `Page size, 1–${MAX_PAGE_SIZE}` }) @Min(1) @Max(MAX_PAGE_SIZE) first: number;
}

@Resolver()
export class ExportResolver {
  @Query(() => CustomerTagPageType, { description: 'The tags feed (also GET /api/exports/tags.csv), keyset-paginated; a pull is pinned to one run and snapshot by its cursor' })
  @Allow(...READERS) @Scope('read:tags')
  async customerTags(@Args() args: CustomerTagsArgs, @Ctx() ctx: GraphQLContext) {
    const first = args.first ?? 100;
    const { pin, afterId } = await resolvePin(ctx.dataSource, args.runId ? toId(args.runId, 'runId') : null, args.after);
    const { tags, lastId } = await tagsPage(ctx.dataSource, pin, afterId, first);
    return { nodes: tags.map((tag) => Object.assign(new CustomerTagType(), tag)), nextCursor: nextTagCursor(pin, tags, lastId, first), runId: pin.runId, snapshotId: pin.snapshotId };
  }
}
