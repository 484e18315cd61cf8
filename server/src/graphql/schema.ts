import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { AuditEntryResolver, AuthResolver } from '../modules/auth/index.js';
import { CustomerResolver } from '../modules/customers/index.js';
import { CategoryRulesResolver, ProductResolver } from '../modules/products/index.js';
import { CustomerOrdersResolver, OrderLineResolver, OrderResolver } from '../modules/orders/index.js';
import { EventResolver } from '../modules/events/index.js';
import { JobResolver } from '../modules/jobs/index.js';
import { SegmentationRunResolver, SegmentResolver } from '../modules/segmentation/index.js';
import { ClassificationPersonaResolver, PersonaEditResolver, PersonaResolver, SegmentPersonaResolver } from '../modules/personas/index.js';
import { CustomerRecommendationsResolver, SegmentRecommendationsResolver } from '../modules/recommendations/index.js';
import { ImportResolver } from '../modules/imports/index.js';
import { ExportResolver } from '../modules/exports/index.js';
import { PrivacyResolver } from '../modules/privacy/index.js';
import { AudienceResolver } from '../modules/audiences/index.js';
import { CampaignResolver } from '../modules/campaigns/index.js';
import { ModelResolver } from '../modules/models/index.js';
import { CustomerUpliftResolver, UpliftResolver } from '../modules/uplift/index.js';
import { AnalyticsResolver } from '../modules/analytics/index.js';
import { ConsentResolver } from '../modules/consent/index.js';
import { DriftResolver, SegmentationRunDriftResolver } from '../modules/drift/index.js';
import { SettingsResolver } from '../modules/settings/index.js';
import { ScheduleResolver } from '../modules/schedules/index.js';
import { CustomerValueFieldResolver, CustomerValueResolver, ModelValueResolver, SegmentValueResolver } from '../modules/customer-value/index.js';
import { ChangesResolver, ChangesSubscriptionResolver } from '../modules/changes/index.js';
import { DestinationResolver } from '../modules/destinations/index.js';
import { ActivationImpactResolver, ImpactedPersonaEditResolver } from '../modules/activation-impact/index.js';
import { auditMutations } from '../modules/audit/index.js';
import { accessGuard, applyToRootFields } from './guard.js';

export const RESOLVERS = [
  AuthResolver, AuditEntryResolver, CustomerResolver, ProductResolver, CategoryRulesResolver, OrderResolver, OrderLineResolver, CustomerOrdersResolver, EventResolver, JobResolver,
  SegmentationRunResolver, SegmentResolver, PersonaResolver, PersonaEditResolver, SegmentPersonaResolver, ClassificationPersonaResolver,
  CustomerRecommendationsResolver, SegmentRecommendationsResolver, ImportResolver, ExportResolver, PrivacyResolver,
  AudienceResolver, CampaignResolver, ModelResolver, AnalyticsResolver, ConsentResolver, ChangesResolver, ChangesSubscriptionResolver, DestinationResolver,
  DriftResolver, SegmentationRunDriftResolver, SettingsResolver, UpliftResolver, CustomerUpliftResolver, ScheduleResolver,
  CustomerValueResolver, CustomerValueFieldResolver, ModelValueResolver, SegmentValueResolver, ActivationImpactResolver, ImpactedPersonaEditResolver,
] as const;

let cached: Promise<GraphQLSchema> | null = null;

/**
 * type-graphql asks for a pub/sub as soon as a resolver has a subscription, but ours follow the
 * database (their own `subscribe`): an in-process topic would miss what another process writes.
 */
const NO_TOPICS = {
  publish(): void { throw new Error('Subscriptions follow the database; there are no in-process topics'); },
  subscribe(): AsyncIterable<unknown> { throw new Error('Subscriptions follow the database; there are no in-process topics'); },
};

/**
 * The schema is built once per process (type-graphql metadata is global). The access guard and the
 * audit act on root fields only, so they wrap every Query, Mutation and Subscription field, and no
 * other: as type-graphql's global middlewares they ran around every field of every answer too
 * (`Customer(id)` with its segment and scores: 12 fields, each turned into three nested async calls
 * and a promise for graphql-js to await, where a plain property read would do).
 */
export function getSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers: [...RESOLVERS] as unknown as [Function, ...Function[]],
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
    pubSub: NO_TOPICS,
  }).then((built) => {
    // Sorted by name: type-graphql lists fields in the order the decorators ran, which is the
    // order the modules happened to load in (a CLI command loads them otherwise than the server).
    const schema = lexicographicSortSchema(built);
    const subscriptionType = schema.getSubscriptionType();
    // type-graphql gives root types no description of their own.
    if (subscriptionType) subscriptionType.description = 'Live feeds over WebSocket (the graphql-ws protocol, on the /graphql path), each resumable from a cursor';
    // Audit wraps the guard so refused mutations are logged too.
    applyToRootFields(schema, [auditMutations, accessGuard]);
    return schema;
  });
  return cached;
}
