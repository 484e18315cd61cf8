import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CHANNELS } from '../audiences/index.js';
import { CAMPAIGN_STATUSES } from './campaign-status.js';

@InputType()
export class CampaignInput {
  @Field() @Length(1, 128) name: string;
  @Field() @IsIn([...CHANNELS]) channel: string;
  @Field(() => ID, { nullable: true, description: 'Empty for a record of an external send (members come with imported outcomes)' }) @IsOptional() audienceId?: string;
  @Field({ nullable: true }) @IsOptional() startsAt?: Date;
  @Field({ nullable: true }) @IsOptional() endsAt?: Date;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(0) @Max(1e12) fixedCost?: number;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(0) @Max(1e6) costPerContact?: number;
  @Field(() => Int, { nullable: true, description: 'Days after the send in which orders count as responses (default 14)' }) @IsOptional() @IsInt() @Min(1) @Max(365) attributionDays?: number;
  @Field(() => Float, { nullable: true, description: 'Share of the audience held out as control, 0 ≤ share < 1' }) @IsOptional() @IsNumber() @Min(0) @Max(0.99) controlShare?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(2_147_483_647) controlSeed?: number;
}

@InputType()
export class OutcomeInput {
  @Field(() => ID, { nullable: true }) @IsOptional() customerId?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(64) externalId?: string;
  @Field({ nullable: true, description: 'treatment or control; adds a non-member to an external send' }) @IsOptional() @IsIn(['treatment', 'control']) group?: string;
  @Field() @IsBoolean() responded: boolean;
  @Field() @IsBoolean() converted: boolean;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(0) @Max(1e10) revenue?: number;
}

@InputType()
export class ImportOutcomesInput {
  @Field(() => [OutcomeInput]) @ArrayMaxSize(5000) @ValidateNested({ each: true }) rows: OutcomeInput[];
}

export const STATUS_VALUES = [...CAMPAIGN_STATUSES];

@ObjectType('Campaign')
export class CampaignType {
  @Field(() => ID) id: number;
  @Field() name: string;
  @Field() channel: string;
  @Field(() => ID, { nullable: true }) audienceId: number | null;
  @Field({ description: 'draft → scheduled → running → completed' }) status: string;
  @Field(() => Date, { nullable: true }) startsAt: Date | null;
  @Field(() => Date, { nullable: true }) endsAt: Date | null;
  @Field(() => Date, { nullable: true }) sentAt: Date | null;
  @Field(() => Float) fixedCost: number;
  @Field(() => Float) costPerContact: number;
  @Field(() => Int) attributionDays: number;
  @Field(() => Float) controlShare: number;
  @Field(() => Int) controlSeed: number;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The audience definition frozen at launch' }) audienceDefinition: Record<string, unknown> | null;
  @Field(() => ID, { nullable: true, description: 'The live segmentation run when the snapshot was taken' }) snapshotRunId: number | null;
  @Field(() => Date, { nullable: true }) snapshotAt: Date | null;
  @Field(() => Int) memberCount: number;
  @Field(() => Int) controlCount: number;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
}

@ObjectType('Lift', { description: 'Treatment minus control rate with a 95% normal-approximation interval' })
export class LiftType {
  @Field(() => Float, { nullable: true }) treatmentRate: number | null;
  @Field(() => Float, { nullable: true }) controlRate: number | null;
  @Field(() => Float, { nullable: true }) difference: number | null;
  @Field(() => Float, { nullable: true }) relative: number | null;
  @Field(() => Float, { nullable: true }) standardError: number | null;
  @Field(() => Float, { nullable: true }) ciLower: number | null;
  @Field(() => Float, { nullable: true }) ciUpper: number | null;
  @Field() significant: boolean;
}

@ObjectType('CampaignStats')
export class CampaignStatsType {
  @Field(() => Int) contacts: number;
  @Field(() => Int) controlMembers: number;
  @Field(() => Int) responses: number;
  @Field(() => Int) conversions: number;
  @Field(() => Float) revenue: number;
  @Field(() => Float) cost: number;
  @Field(() => Float, { nullable: true }) roi: number | null;
  @Field(() => LiftType) responseLift: LiftType;
  @Field(() => LiftType) conversionLift: LiftType;
  @Field(() => Float, { nullable: true }) revenuePerContact: number | null;
  @Field(() => Float, { nullable: true }) revenuePerControlMember: number | null;
  @Field(() => Float, { nullable: true }) incrementalRevenue: number | null;
  @Field(() => Float, { nullable: true }) incrementalResponses: number | null;
  @Field(() => Float, { nullable: true }) incrementalConversions: number | null;
  @Field(() => Float, { nullable: true }) incrementalRoi: number | null;
}

@ObjectType('CampaignBreakdown')
export class CampaignBreakdownType {
  @Field() key: string;
  @Field(() => ID, { nullable: true }) id: number | null;
  @Field() label: string;
  @Field(() => CampaignStatsType) stats: CampaignStatsType;
}

@ObjectType('CampaignResults')
export class CampaignResultsType {
  @Field(() => ID) campaignId: number;
  @Field() status: string;
  @Field(() => Date, { nullable: true }) sentAt: Date | null;
  @Field(() => CampaignStatsType) overall: CampaignStatsType;
  @Field(() => [CampaignBreakdownType], { description: 'By the segment each member had at launch' }) bySegment: CampaignBreakdownType[];
  @Field(() => [CampaignBreakdownType], { description: 'By the persona each member had at launch' }) byPersona: CampaignBreakdownType[];
}

@ObjectType('OutcomeIssue')
export class OutcomeIssueType {
  @Field(() => Int) row: number;
  @Field() reason: string;
}

@ObjectType('OutcomeImportReport')
export class OutcomeImportReportType {
  @Field(() => Int) rows: number;
  @Field(() => Int) imported: number;
  @Field(() => Int) membersAdded: number;
  @Field(() => Int) skipped: number;
  @Field(() => [OutcomeIssueType], { description: 'The first 100 skipped rows' }) issues: OutcomeIssueType[];
}

@ObjectType('AttributionReport')
export class AttributionReportType {
  @Field(() => Int) attributed: number;
  @Field() windowStart: Date;
  @Field() windowEnd: Date;
}

@ObjectType('CampaignMembership', { description: 'A frozen snapshot row: who was targeted, in which segment, at launch' })
export class CampaignMembershipType {
  @Field(() => ID) campaignId: number;
  @Field() campaignName: string;
  @Field(() => Date, { nullable: true }) sentAt: Date | null;
  @Field() isControl: boolean;
  @Field(() => ID, { nullable: true }) segmentId: number | null;
  @Field(() => ID, { nullable: true }) personaId: number | null;
}
