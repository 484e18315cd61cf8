import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsIn, IsOptional, Max, Min } from 'class-validator';
import { CHANNELS, CONSENT_STATES } from '@segmenta/shared';

@ObjectType('ConsentChange', { description: 'One change of a customer\'s consent on one channel: the record of who changed what, how and when' })
export class ConsentChangeType {
  @Field(() => ID) id: number;
  @Field(() => ID) customerId: number;
  @Field({ description: 'email, sms or push' }) channel: string;
  @Field({ description: 'granted, none or opted_out' }) fromState: string;
  @Field({ description: 'granted, none or opted_out' }) toState: string;
  @Field({ description: 'api, ui, link, import or erasure' }) source: string;
  @Field({ description: 'user:12, apikey:3, cli, or customer:42 for the customer through a signed link' }) actor: string;
  @Field() changedAt: Date;
}

@InputType()
export class SetConsentInput {
  @Field(() => ID) customerId: string;
  @Field({ description: 'email, sms or push' }) @IsIn([...CHANNELS]) channel: string;
  @Field({ description: 'granted (consent given), none (withdrawn) or opted_out (do not contact)' }) @IsIn([...CONSENT_STATES]) state: string;
  @Field({ nullable: true, description: 'api (default) or ui: recorded as the change\'s source' }) @IsOptional() @IsIn(['api', 'ui']) source?: string;
}

@ObjectType('ConsentLink', { description: 'A signed preferences/unsubscribe link for one customer and channel (no login needed to use it)' })
export class ConsentLinkType {
  @Field({ description: 'The signed token' }) token: string;
  @Field({ description: 'Path to append to the API\'s public address: /api/preferences/<token>' }) path: string;
  @Field() expiresAt: Date;
}

export const MAX_LINK_DAYS = 365;

@InputType()
export class ConsentLinkInput {
  @Field(() => ID) customerId: string;
  @Field() @IsIn([...CHANNELS]) channel: string;
  @Field(() => Int, { nullable: true, defaultValue: 60, description: 'Days the link stays valid (1-365)' }) @Min(1) @Max(MAX_LINK_DAYS) validDays: number;
}
