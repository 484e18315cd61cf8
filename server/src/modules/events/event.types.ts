import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsIn, IsOptional, MaxLength } from 'class-validator';
import { EVENT_TYPES } from '@segmenta/shared';

@ObjectType('Event')
export class EventType {
  @Field(() => ID) id: number;
  @Field(() => ID, { nullable: true }) customerId: number | null;
  @Field(() => String, { nullable: true }) sessionId: string | null;
  @Field() type: string;
  @Field(() => ID, { nullable: true }) productId: number | null;
  @Field(() => String, { nullable: true }) category: string | null;
  @Field() occurredAt: Date;
}

@InputType()
export class EventFilter {
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(100) ids?: string[];
  @Field(() => ID, { nullable: true }) @IsOptional() customerId?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(64) sessionId?: string;
  @Field({ nullable: true }) @IsOptional() @IsIn([...EVENT_TYPES]) type?: string;
  @Field({ nullable: true }) @IsOptional() occurredAt_gte?: Date;
  @Field({ nullable: true }) @IsOptional() occurredAt_lte?: Date;
}
