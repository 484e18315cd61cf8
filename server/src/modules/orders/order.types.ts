import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsIn, IsOptional, MaxLength } from 'class-validator';

@ObjectType('OrderLine')
export class OrderLineType {
  @Field(() => ID, { description: 'The natural key: order, product, quantity and unit price' }) id: string;
  @Field(() => Int) productId: number;
  @Field(() => Int, { description: 'Negative on returns' }) quantity: number;
  @Field(() => Float) unitPrice: number;
  @Field(() => Float) amount: number;
  @Field() isOutlier: boolean;
}

@ObjectType('Order')
export class OrderType {
  @Field(() => ID) id: number;
  @Field() invoiceNo: string;
  @Field(() => ID, { nullable: true }) customerId: number | null;
  @Field() orderedAt: Date;
  @Field({ description: 'completed, or cancelled (a return)' }) status: string;
  @Field(() => String, { nullable: true }) country: string | null;
  @Field(() => Float) totalAmount: number;
  @Field(() => Int) itemCount: number;
  @Field(() => Int) lineCount: number;
}

@InputType()
export class OrderFilter {
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(100) ids?: string[];
  @Field(() => ID, { nullable: true }) @IsOptional() customerId?: string;
  @Field({ nullable: true }) @IsOptional() @IsIn(['completed', 'cancelled']) status?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(32) invoiceNo?: string;
  @Field({ nullable: true }) @IsOptional() orderedAt_gte?: Date;
  @Field({ nullable: true }) @IsOptional() orderedAt_lte?: Date;
}
