import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';

@ObjectType('Product')
export class ProductType {
  @Field(() => ID) id: number;
  @Field() stockCode: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => String, { nullable: true }) category: string | null;
  @Field() isMerchandise: boolean;
}

@InputType()
export class ProductFilter {
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(100) ids?: string[];
  @Field({ nullable: true, description: 'Matches stock code or description' }) @IsOptional() @MaxLength(100) q?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(64) category?: string;
  @Field({ nullable: true }) @IsOptional() isMerchandise?: boolean;
}
