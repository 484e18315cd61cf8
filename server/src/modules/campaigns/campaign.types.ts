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
  @Field({ description: 'draft → scheduled → running → completed (draft → running launches at once)' }) status: string;
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
  @Field(() => Int, { description: 'All members of the snapshot: treatment plus control' }) memberCount: number;
  @Field(() => Int, { description: 'Members held out as control (not contacted)' }) controlCount: number;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
}

@ObjectType('Lift', { description: 'Treatment minus control rate, in proportion points (0.01 = one percentage point), with a 95% Newcombe (hybrid score) interval' })
export class LiftType {
  @Field(() => Float, { nullable: true }) treatmentRate: number | null;
  @Field(() => Float, { nullable: true }) controlRate: number | null;
  @Field(() => Float, { nullable: true, description: 'Treatment rate − control rate, in proportion points (0.01 = one percentage point)' }) difference: number | null;
  @Field(() => Float, { nullable: true, description: 'difference / control rate (a relative change, not percentage points)' }) relative: number | null;
  @Field(() => Float, { nullable: true, description: 'Unpooled normal-approximation standard error of the difference (the interval is Newcombe\'s, not ± 1.96 SE)' }) standardError: number | null;
  @Field(() => Float, { nullable: true }) ciLower: number | null;
  @Field(() => Float, { nullable: true }) ciUpper: number | null;
  @Field({ description: 'The 95% interval excludes 0' }) significant: boolean;
}

@ObjectType('RevenueInterval', { description: '95% interval of the incremental revenue: a seeded percentile bootstrap, or the normal (Welch) interval for large groups' })
export class RevenueIntervalType {
  @Field(() => Float) estimate: number;
  @Field(() => Float) lower: number;
  @Field(() => Float) upper: number;
  @Field({ description: 'The 95% interval excludes 0' }) significant: boolean;
  @Field({ description: 'bootstrap or normal' }) method: string;
  @Field(() => Int, { description: 'Bootstrap resamples (0 for the normal interval)' }) samples: number;
  @Field(() => Int, { nullable: true, description: 'Bootstrap seed (the campaign\'s control seed)' }) seed: number | null;
  @Field(() => Float) standardError: number;
}

@ObjectType('CampaignStats', { description: 'Contacts are the treatment members; controlMembers are held out. The headline ROI is incrementalRoi; grossRoi counts every treatment order as the campaign\'s' })
export class CampaignStatsType {
  @Field(() => Int, { description: 'Treatment members (contacted)' }) contacts: number;
  @Field(() => Int, { description: 'Control members (held out, not contacted)' }) controlMembers: number;
  @Field(() => Int) responses: number;
  @Field(() => Int) conversions: number;
  @Field(() => Float, { description: 'Revenue of the treatment members in the attribution window' }) revenue: number;
  @Field(() => Float) cost: number;
  @Field(() => Float, { nullable: true, description: 'Gross ROI, (revenue − cost) / cost: every treatment order counts, including those that would have happened without the campaign' }) grossRoi: number | null;
  @Field(() => LiftType) responseLift: LiftType;
  @Field(() => LiftType) conversionLift: LiftType;
  @Field(() => Float, { nullable: true }) revenuePerContact: number | null;
  @Field(() => Float, { nullable: true }) revenuePerControlMember: number | null;
  @Field(() => Float, { nullable: true, description: '(revenue per contact − revenue per control member) × contacts' }) incrementalRevenue: number | null;
  @Field(() => RevenueIntervalType, { nullable: true }) incrementalRevenueInterval: RevenueIntervalType | null;
  @Field(() => Float, { nullable: true }) incrementalResponses: number | null;
  @Field(() => Float, { nullable: true }) incrementalConversions: number | null;
  @Field(() => Float, { nullable: true, description: 'Incremental ROI, (incremental revenue − cost) / cost: the headline ROI' }) incrementalRoi: number | null;
  @Field(() => Float, { nullable: true, description: 'Lower end of the incremental ROI\'s 95% interval' }) incrementalRoiLower: number | null;
  @Field(() => Float, { nullable: true, description: 'Upper end of the incremental ROI\'s 95% interval' }) incrementalRoiUpper: number | null;
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
  @Field(() => UpliftRankResultsType, { nullable: true, description: 'Realised lift of the members the uplift model ranked highest at launch (top decile) against the rest; null with fewer than 20 scored members' })
  byUpliftRank: UpliftRankResultsType | null;
}

@ObjectType('UpliftRankResults', { description: 'Members ranked by the uplift frozen at launch (both arms alike): does the top decile respond more to the message than the rest?' })
export class UpliftRankResultsType {
  @Field(() => Int) scoredMembers: number;
  @Field(() => CampaignStatsType, { description: 'The best-ranked tenth of the members (rounded up)' }) topDecile: CampaignStatsType;
  @Field(() => CampaignStatsType) rest: CampaignStatsType;
  @Field(() => Float, { nullable: true, description: 'Top decile response lift − the rest\'s, in proportion points' }) responseLiftDifference: number | null;
  @Field(() => Float, { nullable: true, description: '95% normal interval: difference ± 1.96 √(SE₁² + SE₂²)' }) ciLower: number | null;
  @Field(() => Float, { nullable: true }) ciUpper: number | null;
  @Field({ description: 'The 95% interval excludes 0' }) significant: boolean;
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

@ObjectType('CampaignImpactRow', { description: "One launched campaign with a control group (overall, or one segment or persona of it): the same figures and intervals as its campaignResults" })
export class CampaignImpactRowType {
  @Field(() => ID, { description: 'The campaign' }) campaignId: number;
  @Field({ description: 'Its name' }) campaignName: string;
  @Field({ description: 'When it was sent (launched)' }) sentAt: Date;
  @Field({ description: 'The send month, YYYY-MM (UTC)' }) month: string;
  @Field({ description: "'overall', or the segment or persona id ('none' for members without one)" }) key: string;
  @Field({ description: 'All members, the persona name with the segment label, or the persona name' }) label: string;
  @Field(() => CampaignStatsType, { description: 'incrementalRoi with incrementalRoiLower/Upper; responseLift.difference in proportion points (0.01 = one percentage point) with its Newcombe interval' }) stats: CampaignStatsType;
}

@ObjectType('SegmentSizePoint', { description: "One segment of a run at the moment the run was activated" })
export class SegmentSizePointType {
  @Field({ description: 'The data set whose live run changed' }) dataSet: string;
  @Field({ description: 'When the run was activated' }) activatedAt: Date;
  @Field(() => ID, { description: 'The activated run' }) runId: number;
  @Field(() => ID, { description: 'The segment' }) segmentId: number;
  @Field(() => Int, { description: 'The segment\'s label within its run' }) label: number;
  @Field({ description: 'The persona name, or "segment N" when the segment has no persona' }) name: string;
  @Field(() => Int, { description: 'Customers in the segment' }) size: number;
  @Field(() => Float, { description: 'Its share of the run\'s customers, 0 … 1' }) shareOfCustomers: number;
}
