import { Field, Float, Int, ObjectType } from 'type-graphql';
import { ProductType } from '../products/index.js';

@ObjectType('ProductOverIndex')
export class ProductOverIndexType {
  @Field(() => ProductType, { nullable: true }) product: ProductType | null;
  @Field(() => Int) buyers: number;
  @Field(() => Float, { description: 'Share of the segment that bought it' }) penetration: number;
  @Field(() => Float, { description: 'Penetration in the segment / penetration in the base' }) lift: number;
}

@ObjectType('CategoryOverIndex')
export class CategoryOverIndexType {
  @Field() key: string;
  @Field(() => Int) buyers: number;
  @Field(() => Float) penetration: number;
  @Field(() => Float) lift: number;
}

@ObjectType('SegmentRecommendations')
export class SegmentRecommendationsType {
  @Field(() => [ProductOverIndexType]) products: ProductOverIndexType[];
  @Field(() => [CategoryOverIndexType]) categories: CategoryOverIndexType[];
}

@ObjectType('ProductRecommendation')
export class ProductRecommendationType {
  @Field(() => ProductType) product: ProductType;
  @Field(() => Float) score: number;
  @Field(() => Float) penetration: number;
  @Field(() => Float) lift: number;
  @Field() reason: string;
}
