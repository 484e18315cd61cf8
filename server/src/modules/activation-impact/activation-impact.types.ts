import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('ImpactedAudience', { description: 'A saved audience whose segment or persona choices belong to a run other than the one being activated' })
export class ImpactedAudienceType {
  @Field(() => ID) id: number;
  @Field() name: string;
  @Field(() => [ID], { description: 'The runs its segment, persona and predicted-segment ids belong to' }) runIds: number[];
}

@ObjectType('ImpactedCampaign', { description: 'A draft or scheduled campaign built on an impacted audience: launched after the switch, it targets fewer people or nobody' })
export class ImpactedCampaignType {
  @Field(() => ID) id: number;
  @Field() name: string;
  @Field() status: string;
  @Field(() => ID) audienceId: number;
}

@ObjectType('ImpactedPersonaEdit', { description: "A person's edit of a persona of the live run, and whether the new run's matched segment carries it over at activation" })
export class ImpactedPersonaEditType {
  @Field(() => ID) personaId: number;
  @Field() name: string;
  @Field(() => ID) segmentId: number;
  @Field(() => Int) segmentLabel: number;
  @Field(() => String, { nullable: true }) updatedBy: string | null;
  @Field() updatedAt: Date;
  @Field(() => ID, { nullable: true, description: "The new run's segment matched to this one (drift report), whose persona takes the edits over at activation; null: the edits stay with the old run" }) carriedToSegmentId: number | null;
}

@ObjectType('ActivationImpact', { description: 'What activating a run affects; empty lists when the run is already live' })
export class ActivationImpactType {
  @Field(() => ID) runId: number;
  @Field(() => ID, { nullable: true }) liveRunId: number | null;
  @Field(() => [ImpactedAudienceType]) audiences: ImpactedAudienceType[];
  @Field(() => [ImpactedCampaignType]) campaigns: ImpactedCampaignType[];
  @Field(() => [ImpactedPersonaEditType]) personaEdits: ImpactedPersonaEditType[];
}
