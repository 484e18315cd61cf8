import { CustomerEntity } from '../modules/customers/customer.entity.js';
import { ProductEntity } from '../modules/products/product.entity.js';
import { OrderEntity } from '../modules/orders/order.entity.js';
import { OrderLineEntity } from '../modules/orders/order-line.entity.js';
import { EventEntity } from '../modules/events/event.entity.js';
import { JobEntity } from '../modules/jobs/job.entity.js';
import { ImportRunEntity } from '../modules/imports/import-run.entity.js';
import { ImportRowIssueEntity } from '../modules/imports/import-row-error.entity.js';
import { UserEntity } from '../modules/auth/user.entity.js';
import { SessionEntity } from '../modules/auth/session.entity.js';
import { ApiKeyEntity } from '../modules/auth/api-key.entity.js';
import { AuditEntryEntity } from '../modules/audit/audit-entry.entity.js';
import { FeatureSnapshotEntity } from '../modules/features/feature-snapshot.entity.js';
import { CustomerFeaturesEntity } from '../modules/features/customer-features.entity.js';
import { SegmentationRunEntity } from '../modules/segmentation/segmentation-run.entity.js';
import { LiveSegmentationEntity, SegmentationActivationEntity, SegmentEntity, SegmentMembershipEntity } from '../modules/segmentation/segment.entity.js';
import { PersonaEditEntity, PersonaEntity } from '../modules/personas/persona.entity.js';
import { CustomerScoreEntity } from '../modules/models/customer-score.entity.js';
import { AudienceEntity } from '../modules/audiences/audience.entity.js';
import { CampaignEntity, CampaignMemberEntity, CampaignResultEntity } from '../modules/campaigns/campaign.entity.js';
import { CampaignOutcomeEntity } from '../modules/models/campaign-outcome.entity.js';
import { ActiveModelEntity, ModelVersionEntity } from '../modules/models/model-version.entity.js';
import { ConsentChangeEntity } from '../modules/consent/index.js';
import { TargetingStateEntity } from '../modules/targeting/targeting-state.entity.js';

/** Every entity, listed explicitly (no globs: the same list works from TS source and compiled JS). */
export const ENTITIES = [
  CustomerEntity, ProductEntity, OrderEntity, OrderLineEntity, EventEntity, JobEntity,
  ImportRunEntity, ImportRowIssueEntity, UserEntity, SessionEntity, ApiKeyEntity, AuditEntryEntity,
  FeatureSnapshotEntity, CustomerFeaturesEntity, SegmentationRunEntity, SegmentEntity, SegmentMembershipEntity,
  LiveSegmentationEntity, PersonaEntity, PersonaEditEntity, CustomerScoreEntity,
  AudienceEntity, CampaignEntity, CampaignMemberEntity, CampaignResultEntity,
  CampaignOutcomeEntity, ModelVersionEntity, ActiveModelEntity,
  SegmentationActivationEntity, TargetingStateEntity, ConsentChangeEntity,
];
