import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsIn, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { MAX_FEED_PAGE } from '../changes/index.js';
import { DESTINATION_KINDS } from './destination.entity.js';

@ObjectType('Destination')
export class DestinationType {
  @Field(() => ID) id: number;
  @Field() name: string;
  @Field(() => String, { nullable: true }) url: string | null;
  @Field({ description: 'audience (membership of one audience) or tags (customer tag changes)' }) kind: string;
  @Field(() => ID, { nullable: true }) audienceId: number | null;
  @Field(() => [String]) fields: string[];
  @Field(() => Int) batchSize: number;
  @Field(() => Int) maxBatchBytes: number;
  @Field({ description: 'enabled or paused' }) status: string;
  @Field(() => String, { nullable: true, description: 'Why it is paused (an admin, or a receiver that answered 410)' }) pausedReason: string | null;
  @Field({ description: 'The last characters of the signing secret' }) secretHint: string;
  @Field(() => Date, { nullable: true, description: 'The previous secret also signs until then' }) previousSecretUntil: Date | null;
  @Field(() => Int) pendingRecords: number;
  @Field({ description: 'The first full listing (audience) or first pass over the change log (tags) has been queued' }) initialSyncDone: boolean;
  @Field(() => Int) deadLetters: number;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
}

@ObjectType('DestinationWithSecret', { description: 'A destination just created or rotated: the only time the whole secret is shown' })
export class DestinationWithSecretType {
  @Field(() => DestinationType) destination: DestinationType;
  @Field({ description: 'whsec_… secret: give it to the receiver, it verifies the signatures with it' }) secret: string;
}

@InputType('DestinationInput')
export class DestinationInputType {
  @Field({ nullable: true }) @IsOptional() @MaxLength(128) name?: string;
  @Field({ nullable: true, description: 'https://… (http only towards addresses the configuration allows)' }) @IsOptional() @MaxLength(1000) url?: string;
  @Field({ nullable: true, description: 'whsec_… (generated when left out)' }) @IsOptional() @MaxLength(128) secret?: string;
  @Field({ nullable: true }) @IsOptional() @IsIn([...DESTINATION_KINDS]) kind?: 'audience' | 'tags';
  @Field(() => ID, { nullable: true }) @IsOptional() audienceId?: string;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(10) fields?: string[];
  @Field({ nullable: true, description: 'Allows personal fields (email) for this destination' }) @IsOptional() allowPersonalData?: boolean;
  @Field(() => Int, { nullable: true }) @IsOptional() batchSize?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() maxBatchBytes?: number;
  @Field({ nullable: true }) @IsOptional() enabled?: boolean;
}

@ObjectType('DestinationDelivery', { description: 'One batch: one request, retried with the same webhook-id' })
export class DestinationDeliveryType {
  @Field(() => ID) id: number;
  @Field() webhookId: string;
  @Field(() => Int) recordCount: number;
  @Field(() => Int) bytes: number;
  @Field({ description: 'pending, delivered, split (into two smaller batches) or dead' }) status: string;
  @Field(() => Int) attempts: number;
  @Field(() => Date, { nullable: true, description: 'Next retry of a pending batch' }) nextAttemptAt: Date | null;
  @Field(() => Int, { nullable: true }) lastStatusCode: number | null;
  @Field(() => Int, { nullable: true }) lastLatencyMs: number | null;
  @Field(() => String, { nullable: true }) lastError: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) deliveredAt: Date | null;
}

@ObjectType('DestinationRecord')
export class DestinationRecordType {
  @Field({ description: 'Cursor (and, with the destination id, the idempotency key)' }) cursor: string;
  @Field({ description: 'Stable idempotency key of the record' }) idempotencyKey: string;
  @Field({ description: 'added, updated or removed' }) op: string;
  @Field({ description: 'The customer id of the source system' }) customerId: string;
  @Field(() => String, { nullable: true, description: 'The values sent, as JSON (none for a removal)' }) data: string | null;
  @Field({ description: 'A removal: drop the customer' }) tombstone: boolean;
  @Field() status: string;
  @Field() createdAt: Date;
}

@ObjectType('AudienceMembershipChangePage')
export class AudienceMembershipChangePageType {
  @Field(() => [DestinationRecordType]) nodes: DestinationRecordType[];
  @Field() endCursor: string;
  @Field() hasMore: boolean;
  @Field({ description: 'False until the first full listing of the audience has been queued' }) initialSyncDone: boolean;
}

@ObjectType('DestinationTestResult')
export class DestinationTestResultType {
  @Field() webhookId: string;
  @Field() ok: boolean;
  @Field(() => Int, { nullable: true }) status: number | null;
  @Field(() => Int) latencyMs: number;
  @Field(() => String, { nullable: true }) error: string | null;
}

@ArgsType()
export class AudienceFeedArgs {
  @Field(() => ID) audienceId: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @MaxLength(20) after?: string;
  @Field(() => Int, { nullable: true, defaultValue: 100 }) @Min(1) @Max(MAX_FEED_PAGE) first: number;
}
