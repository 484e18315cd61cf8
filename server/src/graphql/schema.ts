import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { AuthResolver } from '../modules/auth/auth.resolver.js';
import { CustomerResolver } from '../modules/customers/customer.resolver.js';
import { ProductResolver } from '../modules/products/product.resolver.js';
import { OrderLineResolver, OrderResolver } from '../modules/orders/order.resolver.js';
import { EventResolver } from '../modules/events/event.resolver.js';
import { JobResolver } from '../modules/jobs/job.resolver.js';
import { SegmentationRunResolver, SegmentResolver } from '../modules/segmentation/segmentation.resolver.js';
import { PersonaResolver } from '../modules/personas/persona.resolver.js';
import { ImportResolver } from '../modules/imports/import.graphql.js';
import { ExportResolver } from '../modules/exports/exports.resolver.js';
import { PrivacyResolver } from '../modules/privacy/privacy.resolver.js';
import { AudienceResolver } from '../modules/audiences/audience.resolver.js';
import { CampaignResolver } from '../modules/campaigns/campaign.resolver.js';
import { ModelResolver } from '../modules/models/model.resolver.js';
import { AnalyticsResolver } from '../modules/analytics/analytics.resolver.js';
import { ConsentResolver } from '../modules/consent/index.js';
import { auditMutations } from '../modules/audit/audit.middleware.js';
import { accessGuard, applyToRootFields } from './guard.js';

export const RESOLVERS = [
  AuthResolver, CustomerResolver, ProductResolver, OrderResolver, OrderLineResolver, EventResolver, JobResolver,
  SegmentationRunResolver, SegmentResolver, PersonaResolver, ImportResolver, ExportResolver, PrivacyResolver,
  AudienceResolver, CampaignResolver, ModelResolver, AnalyticsResolver, ConsentResolver,
] as const;

let cached: Promise<GraphQLSchema> | null = null;

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
  }).then((schema) => {
    // Audit wraps the guard so refused mutations are logged too.
    applyToRootFields(schema, [auditMutations, accessGuard]);
    return schema;
  });
  return cached;
}
