import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { IsBoolean, IsIn, IsOptional, Length } from 'class-validator';
import { SCHEDULE_ACTIONS } from './schedule.entity.js';

@ObjectType('Schedule')
export class ScheduleType {
  @Field(() => ID) id: number;
  @Field() name: string;
  @Field({ description: 'refresh, retrain, rescore, inbox or campaign' }) action: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: '{ kind } for retrain, { campaignId } for campaign' }) params: Record<string, unknown> | null;
  @Field({ description: 'Cron expression: minute hour day month weekday (a 6th field in front: seconds)' }) cron: string;
  @Field({ description: 'IANA time zone the cron expression is read in' }) timeZone: string;
  @Field() enabled: boolean;
  @Field(() => Date, { nullable: true, description: 'The next tick (UTC); empty while paused' }) nextRunAt: Date | null;
  @Field(() => Date, { nullable: true }) lastRunAt: Date | null;
  @Field(() => ID, { nullable: true, description: 'The job the last tick started' }) lastJobId: number | null;
  @Field(() => String, { nullable: true }) createdBy: string | null;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
}

@ObjectType('ScheduleRun')
export class ScheduleRunType {
  @Field(() => ID) id: number;
  @Field(() => ID) scheduleId: number;
  @Field({ description: 'The tick this run is for' }) tickAt: Date;
  @Field() firedAt: Date;
  @Field({ description: 'started, skipped (an overlapping run refused) or failed' }) outcome: string;
  @Field(() => ID, { nullable: true }) jobId: number | null;
  @Field(() => String, { nullable: true }) message: string | null;
  @Field(() => String, { nullable: true }) firedBy: string | null;
}

@InputType()
export class ScheduleInput {
  @Field() @Length(1, 128) name: string;
  @Field() @IsIn([...SCHEDULE_ACTIONS]) action: string;
  @Field() @Length(9, 128) cron: string;
  @Field({ nullable: true, defaultValue: 'UTC' }) @IsOptional() @Length(1, 64) timeZone?: string;
  @Field(() => GraphQLJSONObject, { nullable: true }) @IsOptional() params?: Record<string, unknown>;
  @Field({ nullable: true, defaultValue: true }) @IsOptional() @IsBoolean() enabled?: boolean;
}

@InputType()
export class ScheduleFilter {
  @Field(() => [ID], { nullable: true }) @IsOptional() ids?: string[];
  @Field({ nullable: true }) @IsOptional() @IsIn([...SCHEDULE_ACTIONS]) action?: string;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() enabled?: boolean;
}

@ObjectType('Freshness')
export class FreshnessType {
  @Field(() => Date, { nullable: true, description: 'When the last refresh chain finished' }) lastRefreshAt: Date | null;
  @Field(() => ID, { nullable: true }) lastRefreshJobId: number | null;
  @Field(() => String, { nullable: true, description: 'Its status (a failed or running chain shows here)' }) lastRefreshStatus: string | null;
  @Field(() => Date, { nullable: true, description: 'The next tick of an enabled refresh schedule' }) nextRefreshAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'The time the live segments are as of (their feature snapshot)' }) segmentsAsOf: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the scores were last computed' }) scoresAsOf: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the targeting table (audience counts) was last rebuilt' }) targetingAsOf: Date | null;
  @Field({ description: 'True when the data is older than the refresh schedule promised' }) stale: boolean;
  @Field(() => String, { nullable: true, description: 'Why it is stale, in words' }) warning: string | null;
  @Field(() => Int, { description: 'Running jobs whose lease has lapsed (their worker is presumed dead)' }) stuckJobs: number;
}

