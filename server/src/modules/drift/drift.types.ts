import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('FeatureDrift')
export class FeatureDriftType {
  @Field() feature: string;
  @Field(() => Float, { description: 'Population stability index, live run (reference) vs this run' }) psi: number;
  @Field({ description: 'stable | warning | alert, by the data set\'s PSI thresholds' }) level: string;
}

@ObjectType('ScoreDrift')
export class ScoreDriftType extends FeatureDriftType {
  @Field(() => Int) scoredBefore: number;
  @Field(() => Int) scoredAfter: number;
}

@ObjectType('SegmentSize')
export class SegmentSizeType {
  @Field(() => ID) segmentId: number;
  @Field(() => Int) label: number;
  @Field(() => Int) size: number;
  @Field(() => Float) share: number;
}

@ObjectType('SegmentMatch')
export class SegmentMatchType {
  @Field(() => ID) fromSegmentId: number;
  @Field(() => ID) toSegmentId: number;
  @Field(() => Float, { description: 'Centroid distance in this run\'s transformed space' }) distance: number;
}

@ObjectType('SizeShift')
export class SizeShiftType {
  @Field(() => ID, { nullable: true, description: 'The live segment; null for a new segment nobody matched' }) fromSegmentId: number | null;
  @Field(() => ID, { nullable: true, description: 'This run\'s segment; null for a live segment with no successor' }) toSegmentId: number | null;
  @Field(() => Int) sizeBefore: number;
  @Field(() => Int) sizeAfter: number;
  @Field(() => Float) shareBefore: number;
  @Field(() => Float) shareAfter: number;
  @Field(() => Float) shift: number;
}

@ObjectType('SegmentTransition')
export class SegmentTransitionType {
  @Field(() => [ID]) fromSegmentIds: number[];
  @Field(() => [ID]) toSegmentIds: number[];
  @Field(() => [[Int]], { description: 'counts[r][c]: customers in live segment fromSegmentIds[r] and this run\'s toSegmentIds[c]' }) counts: number[][];
}

@ObjectType('DriftCampaign')
export class DriftCampaignType {
  @Field(() => ID) campaignId: number;
  @Field() name: string;
  @Field() status: string;
}

@ObjectType('AudienceImpact')
export class AudienceImpactType {
  @Field(() => ID) audienceId: number;
  @Field() name: string;
  @Field(() => Int) sizeLive: number;
  @Field(() => Int, { description: 'Members if this run went live (its live segments swapped for their matches)' }) sizeWithRun: number;
  @Field(() => [DriftCampaignType], { description: 'Draft and scheduled campaigns sending to this audience' }) campaigns: DriftCampaignType[];
}

@ObjectType('DriftThresholds')
export class DriftThresholdsType {
  @Field(() => Float) psiWarning: number;
  @Field(() => Float) psiAlert: number;
}

@ObjectType('DriftReport', { description: 'A run compared with the run live when the report was made' })
export class DriftReportType {
  @Field(() => ID) runId: number;
  @Field(() => ID, { nullable: true, description: 'Null for a data set\'s first run: nothing to compare' }) liveRunId: number | null;
  @Field() dataSet: string;
  @Field(() => DriftThresholdsType) thresholds: DriftThresholdsType;
  @Field(() => Int) customersCompared: number;
  @Field(() => Float, { nullable: true }) adjustedRandIndex: number | null;
  @Field(() => [FeatureDriftType]) features: FeatureDriftType[];
  @Field(() => ScoreDriftType, { nullable: true, description: 'Response probabilities of the live run\'s members vs this run\'s, where scores exist' }) responseProbability: ScoreDriftType | null;
  @Field(() => Float, { nullable: true }) maxPsi: number | null;
  @Field(() => [SegmentSizeType]) sizesBefore: SegmentSizeType[];
  @Field(() => [SegmentSizeType]) sizesAfter: SegmentSizeType[];
  @Field(() => [SegmentMatchType]) matches: SegmentMatchType[];
  @Field(() => [SizeShiftType]) sizeShifts: SizeShiftType[];
  @Field(() => Float, { nullable: true }) maxSizeShift: number | null;
  @Field(() => SegmentTransitionType, { nullable: true }) transition: SegmentTransitionType | null;
  @Field(() => [AudienceImpactType]) audiences: AudienceImpactType[];
}

@ObjectType('ActivationDecision')
export class ActivationDecisionType {
  @Field(() => ID) decisionId: number;
  @Field(() => ID) runId: number;
  @Field() policy: string;
  @Field({ description: 'activated | waiting | already-live' }) outcome: string;
  @Field(() => [String]) reasons: string[];
}

@ObjectType('ActivationNotice', { description: 'A run waiting for a person to activate it' })
export class ActivationNoticeType {
  @Field(() => ID) decisionId: number;
  @Field(() => ID) runId: number;
  @Field() dataSet: string;
  @Field(() => [String]) reasons: string[];
  @Field() decidedAt: Date;
}
