import { ArgsType, Field, ID, Int, ObjectType } from 'type-graphql';
import { IsOptional, Max, MaxLength, Min } from 'class-validator';
import { MAX_FEED_PAGE } from './change-feed.js';

@ObjectType('CustomerTagChange', { description: 'One change of a customer\'s tags; never personal data' })
export class CustomerTagChangeType {
  @Field({ description: 'Resume after this change by passing it as `after`' }) cursor: string;
  @Field({ description: 'The customer id of the source system' }) customerId: string;
  @Field({ description: 'segment | persona | scores | consent | erasure' }) kind: string;
  @Field(() => String, { nullable: true }) before: string | null;
  @Field(() => String, { nullable: true }) after: string | null;
  @Field({ description: 'refresh | incremental | activation | consent | erasure | rescore' }) reason: string;
  @Field() changedAt: Date;
  @Field({ description: 'The customer was erased: drop everything held about them' }) tombstone: boolean;
}

@ObjectType('CustomerTagChangePage')
export class CustomerTagChangePageType {
  @Field(() => [CustomerTagChangeType]) nodes: CustomerTagChangeType[];
  @Field({ description: 'The cursor to pass as `after` next time (the same one when nothing was new)' }) endCursor: string;
  @Field({ description: 'More changes are waiting after endCursor' }) hasMore: boolean;
}

@ArgsType()
export class ChangeFeedArgs {
  @Field(() => ID, { nullable: true, description: 'Cursor of the last change read; leave out to start from the oldest kept' })
  @IsOptional() @MaxLength(20) after?: string;
  @Field(() => Int, { nullable: true, defaultValue: 100 }) @Min(1) @Max(MAX_FEED_PAGE) first: number;
}
