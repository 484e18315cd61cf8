import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

@ObjectType('CustomerFeatures')
export class CustomerFeaturesType {
  @Field(() => ID) snapshotId: number;
  @Field(() => Int) recencyDays: number;
  @Field(() => Int) frequency: number;
  @Field(() => Float) monetary: number;
  @Field(() => Int) rScore: number;
  @Field(() => Int) fScore: number;
  @Field(() => Int) mScore: number;
  @Field() rfmGroup: string;
  @Field(() => Float, { nullable: true }) avgOrderValue: number | null;
  @Field(() => Int) tenureDays: number;
  @Field(() => Float, { nullable: true }) meanDaysBetweenOrders: number | null;
  @Field(() => Float, { nullable: true }) returnRate: number | null;
  @Field(() => Float, { nullable: true }) clvHistoric: number | null;
  @Field(() => String, { nullable: true }) topCategory: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true }) categoryShares: Record<string, number> | null;
  @Field(() => Int) sessions: number;
  @Field(() => Int) productViews: number;
  @Field(() => Int) cartAdds: number;
  @Field(() => Float, { nullable: true }) viewToPurchaseRate: number | null;
  @Field(() => String, { nullable: true }) ageBand: string | null;
  @Field() firstOrderAt: Date;
  @Field() lastOrderAt: Date;
}

@ObjectType('FeatureSnapshot')
export class FeatureSnapshotType {
  @Field(() => ID) id: number;
  @Field() asOf: Date;
  @Field() definitionVersion: string;
  @Field(() => GraphQLJSONObject) definitions: Record<string, unknown>;
  @Field(() => Int) customerCount: number;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'RFM group sizes, base means and revenue' }) summary: Record<string, unknown> | null;
  @Field() createdAt: Date;
}
