import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';

@ObjectType('Product')
export class ProductType {
  @Field(() => ID) id: number;
  @Field() stockCode: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => String, { nullable: true }) category: string | null;
  @Field(() => String, { nullable: true, description: 'The whole category path from a catalogue or a rule ("Home > Kitchen > Mugs"); category is its first level' }) categoryPath: string | null;
  @Field(() => String, { nullable: true, description: 'Where the category came from: catalogue (a products import), rule (a categorisation rule) or null' }) categorySource: string | null;
  @Field(() => String, { nullable: true, description: 'Brand from the catalogue' }) brand: string | null;
  @Field(() => String, { nullable: true, description: 'List price from the catalogue (decimal text, three places)' }) price: string | null;
  @Field({ description: 'False once the catalogue says the product is no longer sold' }) active: boolean;
  @Field() isMerchandise: boolean;
}

@InputType()
export class ProductFilter {
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(100) ids?: string[];
  @Field({ nullable: true, description: 'Matches stock code or description' }) @IsOptional() @MaxLength(100) q?: string;
  @Field({ nullable: true }) @IsOptional() @MaxLength(64) category?: string;
  @Field({ nullable: true }) @IsOptional() isMerchandise?: boolean;
}
