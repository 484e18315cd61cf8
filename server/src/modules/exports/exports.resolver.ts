import { Arg, Args, ArgsType, Ctx, Field, Float, ID, Int, Mutation, ObjectType, Query, registerEnumType, Resolver } from 'type-graphql';
import { IsOptional, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAGE_SIZE } from '@segmenta/shared';
import { Allow, READERS, Scope } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { toId } from '../../graphql/pagination.js';
import { nextTagCursor, resolvePin, tagsPage } from './tags.service.js';
import { startTagsExport, tagsExportStatus } from './tags-export.service.js';
import { EXPORT_LINK_HOURS } from './tags-export.job.js';

export enum ExportFormat { CSV = 'csv', NDJSON = 'ndjson' }
registerEnumType(ExportFormat, {
  name: 'ExportFormat',
  description: 'File format of a bulk export (gzipped either way)',
  valuesConfig: { CSV: { description: 'The columns of tags.csv' }, NDJSON: { description: 'One JSON object a line, keyed by the same column names' } },
});

@ObjectType('TagsExport', { description: 'A bulk export of the tags feed: a job that writes a gzipped file, pinned to one run and snapshot' })
export class TagsExportType {
  @Field(() => ID, { description: 'The export job (also in allJobs)' }) jobId: number;
  @Field({ description: 'queued, running, succeeded, failed or cancelled' }) status: string;
  @Field(() => ExportFormat, { description: 'The file\'s format' }) format: ExportFormat;
  @Field(() => ID, { nullable: true, description: 'The run the file reads' }) runId: number | null;
  @Field(() => ID, { nullable: true, description: 'The feature snapshot the file reads' }) snapshotId: number | null;
  @Field(() => Int, { description: 'Customers written so far' }) progressDone: number;
  @Field(() => Int, { nullable: true, description: 'Customers to write' }) progressTotal: number | null;
  @Field(() => Int, { nullable: true, description: 'Rows in the finished file' }) rows: number | null;
  @Field(() => Float, { nullable: true, description: 'Size of the finished (gzipped) file in bytes' }) bytes: number | null;
  @Field(() => String, { nullable: true, description: `Path of the download, to append to the API's address; works without credentials for ${EXPORT_LINK_HOURS} h` }) downloadPath: string | null;
  @Field(() => Date, { nullable: true, description: 'When the download link stops working' }) expiresAt: Date | null;
}

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
  @Field(() => Float, { nullable: true, description: 'Predicted CLV over the value model\'s horizon (margin, discounted), from the active customer-value version' }) predictedClv: number | null;
  @Field(() => Float, { nullable: true, description: 'Percentile of predictedClv among scored customers, 0 … 100' }) clvPercentile: number | null;
  @Field(() => Float, { nullable: true, description: 'Churn risk, 1 − P(alive), 0 … 1' }) churnRisk: number | null;
  @Field(() => Float, { nullable: true, description: 'Probability the customer is still a customer (BG/NBD or Pareto/NBD)' }) probabilityAlive: number | null;
  @Field(() => Date, { nullable: true, description: 'Expected date of the next order' }) expectedNextOrderAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Version of the customer-value model that gave the value scores' }) valueModelVersion: string | null;
  @Field(() => Float, { nullable: true, description: 'Predicted uplift (−1 … 1): how much a campaign changes the probability of responding, from the active uplift model' }) uplift: number | null;
  @Field(() => String, { nullable: true, description: 'Version of the uplift model that gave uplift' }) upliftModelVersion: string | null;
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
  @Mutation(() => TagsExportType, { description: 'Starts a bulk export of the tags feed (same columns as tags.csv), pinned to the live run or runId' })
  @Allow(...READERS) @Scope('export')
  startTagsExport(
    @Arg('format', () => ExportFormat, { defaultValue: ExportFormat.CSV, description: 'CSV or NDJSON' }) format: ExportFormat,
    @Arg('runId', () => ID, { nullable: true, description: 'A finished run to export instead of the live one' }) runId: string | undefined,
    @Ctx() ctx: GraphQLContext,
  ) {
    return startTagsExport(ctx.dataSource, format, runId ? toId(runId, 'runId') : null, ctx.principal!.actor);
  }

  @Query(() => TagsExportType, { description: 'A bulk export\'s progress and, once finished, its download link (for whoever started it, and admins)' })
  @Allow(...READERS) @Scope('export')
  tagsExport(@Arg('jobId', () => ID, { description: 'The jobId startTagsExport returned' }) jobId: string, @Ctx() ctx: GraphQLContext) {
    return tagsExportStatus(ctx.dataSource, toId(jobId, 'jobId'), ctx.principal);
  }

  @Query(() => CustomerTagPageType, { description: 'The tags feed (also GET /api/exports/tags.csv), keyset-paginated; a pull is pinned to one run and snapshot by its cursor' })
  @Allow(...READERS) @Scope('read:tags')
  async customerTags(@Args() args: CustomerTagsArgs, @Ctx() ctx: GraphQLContext) {
    const first = args.first ?? 100;
    const { pin, afterId } = await resolvePin(ctx.dataSource, args.runId ? toId(args.runId, 'runId') : null, args.after);
    const { tags, lastId } = await tagsPage(ctx.dataSource, pin, afterId, first);
    return { nodes: tags.map((tag) => Object.assign(new CustomerTagType(), tag)), nextCursor: nextTagCursor(pin, tags, lastId, first), runId: pin.runId, snapshotId: pin.snapshotId };
  }
}
