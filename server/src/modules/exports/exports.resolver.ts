import { Args, Ctx, Field, Float, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { Allow, READERS } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { decodeCursor, encodeCursor, KeysetArgs, keysetSize } from '../../graphql/pagination.js';
import { tagsPage } from './tags.service.js';

@ObjectType('CustomerTag')
export class CustomerTagType {
  @Field({ description: 'The customer id of the source system' }) customerId: string;
  @Field({ description: 'upsert, or remove for an erased customer' }) action: string;
  @Field(() => Int, { nullable: true, description: 'Segment label in the live run' }) segment: number | null;
  @Field(() => String, { nullable: true }) persona: string | null;
  @Field(() => String, { nullable: true }) rfmGroup: string | null;
  @Field(() => Float, { nullable: true }) responseProbability: number | null;
  @Field(() => String, { nullable: true }) modelVersion: string | null;
  @Field(() => Float, { nullable: true, description: 'Predicted CLV of the active customer-value version' }) predictedClv: number | null;
  @Field(() => Float, { nullable: true, description: '0 … 100' }) clvPercentile: number | null;
  @Field(() => Float, { nullable: true }) churnRisk: number | null;
  @Field(() => Float, { nullable: true }) probabilityAlive: number | null;
  @Field(() => Date, { nullable: true }) expectedNextOrderAt: Date | null;
}

@ObjectType('CustomerTagPage')
export class CustomerTagPageType {
  @Field(() => [CustomerTagType]) nodes: CustomerTagType[];
  @Field(() => String, { nullable: true }) nextCursor: string | null;
}

@Resolver()
export class ExportResolver {
  @Query(() => CustomerTagPageType, { description: 'The tags export (also GET /api/exports/tags.csv), keyset-paginated' }) @Allow(...READERS)
  async customerTags(@Args() args: KeysetArgs, @Ctx() ctx: GraphQLContext) {
    const first = keysetSize(args);
    const { tags, lastId } = await tagsPage(ctx.dataSource, decodeCursor(args.after), first);
    return { nodes: tags, nextCursor: tags.length === first && lastId !== null ? encodeCursor(lastId) : null };
  }
}
