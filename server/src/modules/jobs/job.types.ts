import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ArrayMaxSize, IsIn, IsOptional, MaxLength } from 'class-validator';
import { JOB_STATUSES } from '@segmenta/shared';

@ObjectType('Job')
export class JobType {
  @Field(() => ID) id: number;
  @Field() type: string;
  @Field({ description: 'queued, running, waiting (a parent whose children run), succeeded, failed or cancelled' }) status: string;
  @Field(() => ID, { nullable: true, description: 'The job that waits for this one (a chain or a fan-out)' }) parentId: number | null;
  @Field(() => String, { nullable: true, description: "This child's step in its parent" }) step: string | null;
  @Field(() => Date, { nullable: true }) leaseExpiresAt: Date | null;
  @Field(() => String, { nullable: true }) leaseOwner: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true }) payload: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, { nullable: true }) result: Record<string, unknown> | null;
  @Field(() => String, { nullable: true, description: 'The last error, also while a retry is pending' }) error: string | null;
  @Field(() => Int) attempt: number;
  @Field(() => Int) maxAttempts: number;
  @Field(() => Int) progressDone: number;
  @Field(() => Int, { nullable: true }) progressTotal: number | null;
  @Field(() => String, { nullable: true }) progressMessage: string | null;
  @Field() cancelRequested: boolean;
  @Field(() => String, { nullable: true }) createdBy: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) startedAt: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
  @Field(() => Date, { nullable: true }) runAfter: Date;
}

@ObjectType()
export class JobProgress {
  @Field(() => Float, { nullable: true, description: '0..1 when the total is known' }) fraction: number | null;
  @Field(() => Float, { nullable: true, description: 'Units per second since the attempt started' }) rate: number | null;
  @Field(() => Int, { nullable: true, description: 'Estimated seconds to completion' }) etaSeconds: number | null;
  @Field(() => Int, { nullable: true, description: "A parent's steps (children) that have ended successfully" }) stepsDone: number | null;
  @Field(() => Int, { nullable: true, description: "A parent's children so far" }) steps: number | null;
}

@InputType()
export class JobFilter {
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(100) ids?: string[];
  @Field({ nullable: true }) @IsOptional() @IsIn([...JOB_STATUSES]) status?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(32) type?: string;
  @Field(() => ID, { nullable: true, description: "A parent's children" }) @IsOptional() parentId?: string;
}
