import { CustomerEntity } from '../modules/customers/index.js';
import { CategoryRuleEntity, ProductEntity } from '../modules/products/index.js';
import { OrderEntity, OrderLineEntity } from '../modules/orders/index.js';
import { EventEntity } from '../modules/events/index.js';
import { JobEntity } from '../modules/jobs/index.js';
import { ImportRunEntity, ImportRowIssueEntity } from '../modules/imports/index.js';
import { UserEntity, SessionEntity, ApiKeyEntity } from '../modules/auth/index.js';
import { AuditEntryEntity } from '../modules/audit/index.js';
import { FeatureSnapshotEntity, CustomerFeaturesEntity } from '../modules/features/index.js';
import { SegmentationRunEntity, LiveSegmentationEntity, SegmentationActivationEntity, SegmentEntity, SegmentMembershipEntity } from '../modules/segmentation/index.js';
import { PersonaEditEntity, PersonaEntity } from '../modules/personas/index.js';
import { CustomerScoreEntity, CampaignOutcomeEntity, ActiveModelEntity, ModelVersionEntity } from '../modules/models/index.js';
import { AudienceEntity } from '../modules/audiences/index.js';
import { CampaignEntity, CampaignMemberEntity, CampaignResultEntity } from '../modules/campaigns/index.js';
import { ConsentChangeEntity } from '../modules/consent/index.js';
import { CustomerChangeEntity } from '../modules/changes/index.js';
import { DestinationBatchEntity, DestinationEntity, DestinationMemberEntity, DestinationRecordEntity } from '../modules/destinations/index.js';
import { TargetingStateEntity } from '../modules/targeting/index.js';
import { ActivationDecisionEntity, DriftReportEntity } from '../modules/drift/index.js';
import { DataSetSettingsEntity } from '../modules/settings/index.js';
import { ScheduleEntity, ScheduleRunEntity } from '../modules/schedules/index.js';

/** Every entity, listed explicitly (no globs: the same list works from TS source and compiled JS). */
export const ENTITIES = [
  CustomerEntity, ProductEntity, CategoryRuleEntity, OrderEntity, OrderLineEntity, EventEntity, JobEntity,
  ImportRunEntity, ImportRowIssueEntity, UserEntity, SessionEntity, ApiKeyEntity, AuditEntryEntity,
  FeatureSnapshotEntity, CustomerFeaturesEntity, SegmentationRunEntity, SegmentEntity, SegmentMembershipEntity,
  LiveSegmentationEntity, PersonaEntity, PersonaEditEntity, CustomerScoreEntity,
  AudienceEntity, CampaignEntity, CampaignMemberEntity, CampaignResultEntity,
  CampaignOutcomeEntity, ModelVersionEntity, ActiveModelEntity,
  SegmentationActivationEntity, TargetingStateEntity, ConsentChangeEntity, CustomerChangeEntity,
  DriftReportEntity, ActivationDecisionEntity, DataSetSettingsEntity, ScheduleEntity, ScheduleRunEntity,
  DestinationEntity, DestinationMemberEntity, DestinationRecordEntity, DestinationBatchEntity,
];
