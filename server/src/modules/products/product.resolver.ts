import { Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { Allow, READERS } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { whereIds } from '../../graphql/list-query.js';
import { applyListArgs, ListMetadata, PageArgs, toId } from '../../graphql/pagination.js';
import { notFound } from '../../errors.js';
import { containsPattern, LIKE_ESCAPE } from '../../db/like-pattern.js';
import { ProductEntity } from './product.entity.js';
import { ProductFilter, ProductType } from './product.types.js';

const SORTABLE = { id: 'p.id', stockCode: 'p.stock_code', description: 'p.description', category: 'p.category' };

function filtered(dataSource: DataSource, filter?: ProductFilter) {
  const qb = dataSource.getRepository(ProductEntity).createQueryBuilder('p');
  whereIds(qb, 'p.id', filter?.ids);
  if (filter?.category) qb.andWhere('p.category = :category', { category: filter.category });
  if (filter?.isMerchandise !== undefined && filter.isMerchandise !== null) qb.andWhere('p.is_merchandise = :m', { m: filter.isMerchandise });
  if (filter?.q) {
    const like = containsPattern(filter.q, 'filter.q');
    qb.andWhere(`(p.stock_code LIKE :like ${LIKE_ESCAPE} OR p.description LIKE :like ${LIKE_ESCAPE})`, { like });
  }
  return qb;
}

@Resolver(() => ProductType)
export class ProductResolver {
  @Query(() => [ProductType]) @Allow(...READERS)
  allProducts(@Args() args: PageArgs, @Arg('filter', () => ProductFilter, { nullable: true }) filter: ProductFilter | undefined, @Ctx() ctx: GraphQLContext) {
    return applyListArgs(filtered(ctx.dataSource, filter), args, SORTABLE, 'id', 'p.id').getMany();
  }

  @Query(() => ListMetadata) @Allow(...READERS)
  async _allProductsMeta(@Args() _args: PageArgs, @Arg('filter', () => ProductFilter, { nullable: true }) filter: ProductFilter | undefined, @Ctx() ctx: GraphQLContext) {
    return { count: await filtered(ctx.dataSource, filter).getCount() };
  }

  @Query(() => ProductType, { name: 'Product' }) @Allow(...READERS)
  async product(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    const product = await ctx.loaders.productById.load(toId(id));
    if (!product) throw notFound('Product', id);
    return product;
  }
}
