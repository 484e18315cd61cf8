import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { PersonalData } from '../../graphql/access.js';
import { RFM_GROUPS } from '../features/index.js';
import { CAP_ORDERS, CHANNELS } from './audience-definition.js';

const MAX_IDS = 200;

@InputType()
export class AudienceIncludeInput {
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(MAX_IDS) segmentIds?: string[];
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(MAX_IDS) personaIds?: string[];
  @Field(() => [String], { nullable: true, description: `Any of ${RFM_GROUPS.join(', ')}` }) @IsOptional() @ArrayMaxSize(20) @IsIn([...RFM_GROUPS], { each: true }) rfmGroups?: string[];
}

@InputType()
export class AudienceExcludeInput {
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(MAX_IDS) segmentIds?: string[];
  @Field(() => [ID], { nullable: true, description: 'Members of these saved audiences (after their cap) are left out' }) @IsOptional() @ArrayMaxSize(20) audienceIds?: string[];
}

@InputType()
export class AudienceFiltersInput {
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(300) @MaxLength(64, { each: true }) countries?: string[];
  @Field(() => [String], { nullable: true, description: 'under 18, 18-24, 25-34, 35-44, 45-54, 55-64, 65+' }) @IsOptional() @ArrayMaxSize(10) @IsIn(['under 18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'], { each: true }) ageBands?: string[];
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(100_000) recencyDaysMin?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(100_000) recencyDaysMax?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(10_000_000) frequencyMin?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(10_000_000) frequencyMax?: number;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(-1e12) @Max(1e12) monetaryMin?: number;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(-1e12) @Max(1e12) monetaryMax?: number;
  @Field({ nullable: true, description: 'Last order at or after (UTC)' }) @IsOptional() lastOrderFrom?: Date;
  @Field({ nullable: true, description: 'Last order before (UTC)' }) @IsOptional() lastOrderTo?: Date;
  @Field(() => [String], { nullable: true, description: 'Top (preferred) product category' }) @IsOptional() @ArrayMaxSize(100) @MaxLength(64, { each: true }) topCategories?: string[];
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(0) @Max(1) responseProbabilityMin?: number;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(0) @Max(1) responseProbabilityMax?: number;
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(MAX_IDS) predictedSegmentIds?: string[];
  @Field(() => Float, { nullable: true, description: 'Predicted uplift at least (−1..1; the active uplift model)' }) @IsOptional() @IsNumber() @Min(-1) @Max(1) upliftMin?: number;
  @Field(() => Float, { nullable: true, description: 'Predicted uplift at most (−1..1)' }) @IsOptional() @IsNumber() @Min(-1) @Max(1) upliftMax?: number;
  @Field(() => Float, { nullable: true, description: 'Churn risk of the active customer-value model, 0..1' }) @IsOptional() @IsNumber() @Min(0) @Max(1) churnRiskMin?: number;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(0) @Max(1) churnRiskMax?: number;
  @Field(() => Float, { nullable: true, description: 'Predicted CLV percentile, 0..100 (top 20 %: 80)' }) @IsOptional() @IsNumber() @Min(0) @Max(100) clvPercentileMin?: number;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(0) @Max(100) clvPercentileMax?: number;
  @Field(() => Float, { nullable: true, description: 'Predicted CLV (margin over the horizon)' }) @IsOptional() @IsNumber() @Min(0) @Max(1e12) predictedClvMin?: number;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(0) @Max(1e12) predictedClvMax?: number;
}

@InputType()
export class AudienceCapInput {
  @Field({ description: 'responseProbability, expectedProfit (probability × margin > cost), or uplift: persuadables first (highest predicted uplift; with margin and cost, uplift × margin > cost)' }) @IsIn([...CAP_ORDERS]) by: 'responseProbability' | 'expectedProfit' | 'uplift';
  @Field(() => Int) @IsInt() @Min(1) @Max(100_000_000) size: number;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(0) @Max(1e9) marginPerConversion?: number;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(0) @Max(1e9) costPerContact?: number;
}

@InputType()
export class AudienceDefinitionInput {
  @Field({ description: 'email, sms or push: members need consent for it and must not have opted out' }) @IsIn([...CHANNELS]) channel: string;
  @Field(() => AudienceIncludeInput, { nullable: true, description: 'Any of; empty means every customer' }) @IsOptional() @ValidateNested() include?: AudienceIncludeInput;
  @Field(() => AudienceExcludeInput, { nullable: true }) @IsOptional() @ValidateNested() exclude?: AudienceExcludeInput;
  @Field(() => AudienceFiltersInput, { nullable: true, description: 'All of' }) @IsOptional() @ValidateNested() filters?: AudienceFiltersInput;
  @Field(() => AudienceCapInput, { nullable: true }) @IsOptional() @ValidateNested() cap?: AudienceCapInput;
}

@InputType()
export class SaveAudienceInput {
  @Field() @Length(1, 128) name: string;
  @Field(() => AudienceDefinitionInput) @ValidateNested() definition: AudienceDefinitionInput;
  @Field(() => Int, { nullable: true, description: 'On update: the version you edited; a stale version is refused (CONFLICT)' }) @IsOptional() @IsInt() @Min(1) expectedVersion?: number;
}

@InputType()
export class RoiInput {
  @Field(() => Float, { nullable: true, description: 'Margin earned per conversion (required unless usePredictedClv)' }) @IsOptional() @IsNumber() @Min(0) @Max(1e9) marginPerConversion?: number;
  @Field({ nullable: true, description: "Value a retained member by their predicted CLV (active customer-value model; 0 when unscored) instead of marginPerConversion" }) @IsOptional() @IsBoolean() usePredictedClv?: boolean;
  @Field(() => Float) @IsNumber() @Min(0) @Max(1e9) costPerContact: number;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() @Min(0) @Max(1e12) fixedCost?: number;
}

@ObjectType('AudienceFunnel', { description: 'Each customer is counted at the first step that removes them' })
export class AudienceFunnelType {
  @Field(() => Int) matched: number;
  @Field(() => Int) excluded: number;
  @Field(() => Int) afterExclusions: number;
  @Field(() => Int) erased: number;
  @Field(() => Int) optedOut: number;
  @Field(() => Int) noConsent: number;
  @Field(() => Int) eligible: number;
  @Field(() => Int) capped: number;
  @Field(() => Int) size: number;
  @Field(() => Date, { nullable: true, description: "The time the count's data is as of: the live run's feature snapshot (empty before any run)" }) dataAsOf: Date | null;
}

@ObjectType('Audience')
export class AudienceType {
  @Field(() => ID) id: number;
  @Field() name: string;
  @Field() channel: string;
  @Field(() => GraphQLJSONObject) definition: Record<string, unknown>;
  @Field(() => Int) version: number;
  @Field(() => String, { nullable: true }) createdBy: string | null;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
}

@ObjectType('AudienceMember')
export class AudienceMemberType {
  @Field(() => ID) customerId: number;
  @Field() externalId: string;
  @Field(() => String, { nullable: true }) @PersonalData() email: string | null;
  @Field(() => ID, { nullable: true, description: 'Segment in the live run' }) segmentId: number | null;
  @Field(() => ID, { nullable: true }) personaId: number | null;
  @Field(() => String, { nullable: true }) personaName: string | null;
  @Field(() => Float, { nullable: true }) responseProbability: number | null;
  @Field(() => ID, { nullable: true }) predictedSegmentId: number | null;
  @Field(() => String, { nullable: true }) rfmGroup: string | null;
  @Field(() => Float, { nullable: true, description: 'Predicted uplift: how much contacting raises the response probability' }) uplift: number | null;
}

@ObjectType('RoiProjection')
export class RoiProjectionType {
  @Field(() => Int) size: number;
  @Field(() => Float) projectedResponses: number;
  @Field(() => Float) projectedRevenue: number;
  @Field(() => Float) projectedCost: number;
  @Field(() => Float) projectedProfit: number;
  @Field(() => Float, { nullable: true }) projectedRoi: number | null;
}

@ObjectType('RoiSuggestion')
export class RoiSuggestionType {
  @Field(() => Int) eligible: number;
  @Field(() => RoiProjectionType, { description: 'The size that maximises expected profit' }) suggested: RoiProjectionType;
  @Field(() => RoiProjectionType, { description: 'Contacting every eligible member, for comparison' }) everyone: RoiProjectionType;
  @Field(() => IncrementalRoiType, { nullable: true, description: 'The same with predicted uplift (incremental conversions: uplift × margin − contact cost), persuadables first; null until customers have uplift scores' })
  incremental: IncrementalRoiType | null;
}

@ObjectType('IncrementalRoi', { description: 'Projections from predicted uplift: projectedResponses are the conversions the contact adds, not those that would happen anyway' })
export class IncrementalRoiType {
  @Field(() => RoiProjectionType, { description: 'Every member whose uplift × margin exceeds the contact cost' }) suggested: RoiProjectionType;
  @Field(() => RoiProjectionType) everyone: RoiProjectionType;
  @Field(() => Int, { description: 'Eligible members with an uplift score' }) scored: number;
}
