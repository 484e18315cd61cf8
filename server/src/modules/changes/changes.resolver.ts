import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { AppError } from '../../errors.js';
import { Allow, READERS } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { changesAfter, type ChangeRecord } from './change-feed.js';
import { ChangeFeedArgs, CustomerTagChangePageType, type CustomerTagChangeType } from './changes.types.js';

/** A cursor of the feeds: the change log's id, as a decimal string. */
export function parseChangeCursor(raw: string | undefined | null): number {
  if (raw === undefined || raw === null || raw === '') return 0;
  if (!/^\d{1,15}$/.test(raw)) throw new AppError('BAD_USER_INPUT', `after must be a cursor returned by this API (a whole number), got "${raw.slice(0, 20)}"`);
  return Number(raw);
}

export const toChangeNode = (c: ChangeRecord): CustomerTagChangeType => ({
  cursor: String(c.cursor), customerId: c.externalId, kind: c.kind, before: c.before, after: c.after, reason: c.reason, changedAt: c.changedAt, tombstone: c.tombstone,
});

@Resolver()
export class ChangesResolver {
  @Query(() => CustomerTagChangePageType, { description: 'Changes of customer tags after a cursor, oldest first (resumable; erasures are tombstones)' })
  @Allow(...READERS)
  async customerTagChanges(@Args() args: ChangeFeedArgs, @Ctx() ctx: GraphQLContext): Promise<CustomerTagChangePageType> {
    const first = args.first ?? 100;
    const { changes, endCursor } = await changesAfter(ctx.dataSource, { after: parseChangeCursor(args.after), first: first + 1 });
    const nodes = changes.slice(0, first);
    return { nodes: nodes.map(toChangeNode), endCursor: String(nodes.length ? nodes[nodes.length - 1].cursor : endCursor), hasMore: changes.length > first };
  }
}
