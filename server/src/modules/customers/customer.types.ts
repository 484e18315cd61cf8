import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { IsOptional, MaxLength, ArrayMaxSize, Max, Min } from 'class-validator';
import { PersonalData } from '../../graphql/access.js';

@ObjectType('Customer')
export class CustomerType {
  @Field(() => ID) id: number;
  @Field() externalId: string;
  @Field(() => String, { nullable: true }) @PersonalData() email: string | null;
  @Field(() => String, { nullable: true }) @PersonalData() name: string | null;
  @Field(() => String, { nullable: true }) country: string | null;
  @Field(() => String, { nullable: true }) @PersonalData() city: string | null;
  @Field(() => String, { nullable: true }) @PersonalData() gender: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) @PersonalData() birthDate: string | null;
  @Field(() => Date, { nullable: true }) signupAt: Date | null;
  @Field() consentEmail: boolean;
  @Field() consentSms: boolean;
  @Field() consentPush: boolean;
  @Field() optedOutEmail: boolean;
  @Field() optedOutSms: boolean;
  @Field() optedOutPush: boolean;
  @Field(() => GraphQLJSONObject, { nullable: true }) @PersonalData() attributes: Record<string, unknown> | null;
  @Field(() => Date, { nullable: true, description: 'Set when the customer was erased (GDPR)' }) erasedAt: Date | null;
  @Field() createdAt: Date;
}

@InputType()
export class CustomerFilter {
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(100) ids?: string[];
  @Field({ nullable: true, description: 'Matches external id, e-mail or name' }) @IsOptional() @MaxLength(100) q?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(64) externalId?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(64) country?: string;
  @Field(() => ID, { nullable: true, description: 'Members of this segment' }) @IsOptional() segmentId?: string;
  @Field(() => ID, { nullable: true, description: 'Members of this persona\'s segment' }) @IsOptional() personaId?: string;
  @Field({ nullable: true, description: 'RFM group in the newest feature snapshot' }) @IsOptional() @MaxLength(32) rfmGroup?: string;
  @Field(() => Float, { nullable: true, description: 'Response probability at least this' }) @IsOptional() @Min(0) @Max(1) responseProbability_gte?: number;
}

@ObjectType()
export class CustomerPage {
  @Field(() => [CustomerType]) nodes: CustomerType[];
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null at the end' }) nextCursor: string | null;
}

@ObjectType()
export class CustomerSummary {
  @Field(() => Int) orderCount: number;
  @Field(() => Int) returnCount: number;
  @Field() revenue: number;
  @Field(() => Date, { nullable: true }) firstOrderAt: Date | null;
  @Field(() => Date, { nullable: true }) lastOrderAt: Date | null;
}

@ObjectType('StoredScores', { description: 'What the last scoring job stored for a customer (scoreCustomer answers afresh instead)' })
export class StoredScores {
  @Field(() => Float, { nullable: true, description: 'P(respond) from the response model active at scoring time, 0..1' }) responseProbability: number | null;
  @Field(() => ID, { nullable: true, description: 'The segment of the live run the segment classifier predicts' }) predictedSegmentId: number | null;
  @Field(() => Float, { nullable: true }) predictedSegmentProbability: number | null;
  @Field(() => String, { nullable: true, description: 'e.g. "response:v3 segment:v2"' }) modelVersions: string | null;
  @Field() scoredAt: Date;
}

@ObjectType('SegmentHistoryEntry')
export class SegmentHistoryEntry {
  @Field(() => ID) runId: number;
  @Field() runCreatedAt: Date;
  @Field(() => ID) segmentId: number;
  @Field(() => Int) label: number;
  @Field(() => String, { nullable: true }) persona: string | null;
  @Field() isLive: boolean;
}

@ObjectType('CountryCount', { description: 'A country as it is spelled in the data, with how many customers give it' })
export class CountryCountType {
  @Field() country: string;
  @Field(() => Int) customers: number;
}
