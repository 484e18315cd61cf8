import { Arg, Args, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { IsIn, IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { Allow, MARKETING, MODELLING, READERS } from '../../graphql/access.js';
import { AppError } from '../../errors.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { applyListArgs, ListMetadata, PageArgs, toId } from '../../graphql/pagination.js';
import { JobType, JobEntity } from '../jobs/index.js';
import { ImportRunEntity } from './import-run.entity.js';
import { getImportReport } from './import.service.js';
import { startImport } from './import.job.js';
import { uploadPath } from './uploads.js';
import type { ImportKind } from './import.types.js';

@ObjectType('ImportRun')
export class ImportRunType {
  @Field(() => ID) id: number;
  @Field() kind: string;
  @Field() fileName: string;
  @Field(() => Int, { nullable: true }) fileBytes: number | null;
  @Field({ description: 'pending, running, succeeded, failed or cancelled' }) status: string;
  @Field(() => String, { nullable: true }) layout: string | null;
  @Field(() => Int) rowsRead: number;
  @Field(() => Int) rowsImported: number;
  @Field(() => Int) rowsSkipped: number;
  @Field(() => Int) rowsRejected: number;
  @Field(() => String, { nullable: true }) error: string | null;
  @Field(() => ID, { nullable: true }) jobId: number | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
}

@InputType()
export class StartImportInput {
  @Field({ description: 'The id returned by POST /api/uploads' }) @Matches(/^[a-f0-9-]{36}$/) uploadId: string;
  @Field({ nullable: true, description: 'The original file name, for the report' }) @IsOptional() @MaxLength(255) fileName?: string;
  @Field({ description: 'orders, customers, events, outcomes (past campaign results), suppressions (customers opted out of channels) or products (the catalogue: code, description, category path, brand, price, active)' }) @IsIn(['orders', 'customers', 'events', 'outcomes', 'suppressions', 'products']) kind: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Target field → source column, for layouts that are not recognised' }) @IsOptional() mapping?: Record<string, string>;
  @Field({ nullable: true, description: 'IANA time zone of the file\'s local times (default UTC)' }) @IsOptional() @Length(1, 64) timezone?: string;
  @Field({ nullable: true, description: 'The file\'s date format, e.g. DD.MM.YYYY, MM/DD/YYYY or YYYY-MM-DD HH:mm (tokens YYYY MM M DD D HH H mm ss); a value not in it is a row issue. Default: ISO or M/D/YYYY' }) @IsOptional() @Length(1, 32) dateFormat?: string;
  @Field({ nullable: true }) @IsOptional() @IsIn(['utf8', 'latin1']) encoding?: string;
  @Field({ nullable: true }) @IsOptional() @Length(1, 1) delimiter?: string;
}

@Resolver(() => ImportRunType)
export class ImportResolver {
  @Query(() => [ImportRunType]) @Allow(...READERS)
  allImports(@Args() args: PageArgs, @Ctx() ctx: GraphQLContext) {
    const qb = ctx.dataSource.getRepository(ImportRunEntity).createQueryBuilder('i');
    return applyListArgs(qb, { ...args, sortOrder: args.sortOrder ?? 'DESC' }, { id: 'i.id', createdAt: 'i.created_at' }, 'id', 'i.id').getMany();
  }

  @Query(() => ListMetadata) @Allow(...READERS)
  async _allImportsMeta(@Args() _args: PageArgs, @Ctx() ctx: GraphQLContext) {
    return { count: await ctx.dataSource.getRepository(ImportRunEntity).count() };
  }

  @Query(() => ImportRunType, { name: 'Import' }) @Allow(...READERS)
  async importRun(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    await getImportReport(ctx.dataSource, toId(id));
    return ctx.dataSource.getRepository(ImportRunEntity).findOneByOrFail({ id: toId(id) });
  }

  @Mutation(() => ImportRunType, { description: 'Imports an uploaded file in the background (see the job for progress)' }) @Allow(...MODELLING)
  async startImport(@Arg('input', () => StartImportInput) input: StartImportInput, @Ctx() ctx: GraphQLContext) {
    // A suppression list changes consent: the roles that may call setConsent only.
    if (input.kind === 'suppressions' && !MARKETING.includes(ctx.principal!.role)) throw new AppError('FORBIDDEN', 'Only admins and marketers may import a suppression list');
    const { run } = await startImport(ctx.dataSource, ctx.config, {
      kind: input.kind as ImportKind, filePath: uploadPath(ctx.config, input.uploadId), fileName: input.fileName,
      mapping: input.mapping, timezone: input.timezone, dateFormat: input.dateFormat, encoding: input.encoding as 'utf8' | 'latin1' | undefined, delimiter: input.delimiter,
    }, ctx.principal!.actor);
    return run;
  }

  @FieldResolver(() => GraphQLJSONObject, { description: 'Counts per cleaning rule, rejections, totals (docs/cleaning.md)' })
  report(@Root() run: ImportRunEntity, @Ctx() ctx: GraphQLContext) {
    return getImportReport(ctx.dataSource, run.id);
  }

  @FieldResolver(() => String, { description: 'Where to download the row issues as CSV' })
  issuesCsvUrl(@Root() run: ImportRunEntity) {
    return `/api/imports/${run.id}/issues.csv`;
  }

  @FieldResolver(() => JobType, { nullable: true })
  job(@Root() run: ImportRunEntity, @Ctx() ctx: GraphQLContext) {
    return run.jobId ? ctx.dataSource.getRepository(JobEntity).findOneBy({ id: run.jobId }) : null;
  }
}
