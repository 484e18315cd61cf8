import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import { Allow, READERS } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import type { ChangeRecord } from './change-feed.js';
import { followChanges } from './change-follow.js';
import { parseChangeCursor, toChangeNode } from './changes.resolver.js';
import { CustomerTagChangeType } from './changes.types.js';

/**
 * The change feed pushed over a WebSocket (graphql-ws): the same rows, cursors and access as the
 * `customerTagChanges` query. The access guard runs when the subscription starts (and again on
 * each event, which costs a comparison).
 */
@Resolver()
export class ChangesSubscriptionResolver {
  @Subscription(() => CustomerTagChangeType, {
    name: 'customerTagChanges',
    description: 'Changes of customer tags after a cursor, oldest first, then each new one as it is logged. '
      + 'After a reconnect, subscribe again with the cursor of the last change received: nothing is lost or repeated.',
    subscribe: ({ args, context }) => followChanges((context as GraphQLContext).dataSource, { after: parseChangeCursor(args.after as string | undefined) }),
  })
  @Allow(...READERS)
  customerTagChangesFollowed(
    @Root() change: ChangeRecord,
    @Arg('after', () => ID, { nullable: true, description: 'Cursor of the last change received; leave out to start from the oldest kept' }) _after?: string,
  ): CustomerTagChangeType {
    return toChangeNode(change);
  }
}
