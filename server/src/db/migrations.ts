import { CreateCommerceTables1764100000000 } from '../../../migrations/1764100000000-create-commerce-tables.js';
import { CreateEvents1764100001000 } from '../../../migrations/1764100001000-create-events.js';
import { CreateJobs1764100002000 } from '../../../migrations/1764100002000-create-jobs.js';
import { CreateImports1764100003000 } from '../../../migrations/1764100003000-create-imports.js';
import { CreateAuthAndAudit1764100004000 } from '../../../migrations/1764100004000-create-auth-and-audit.js';
import { AddImportCheckpoint1764100005000 } from '../../../migrations/1764100005000-add-import-checkpoint.js';
import { CreateFeatureSnapshots1764100006000 } from '../../../migrations/1764100006000-create-feature-snapshots.js';
import { CreateSegmentation1764100007000 } from '../../../migrations/1764100007000-create-segmentation.js';
import { CreateCustomerScores1764100008000 } from '../../../migrations/1764100008000-create-customer-scores.js';
import { CreateCampaignOutcomes1764100009000 } from '../../../migrations/1764100009000-create-campaign-outcomes.js';
import { CreateAudiencesAndCampaigns1764100010000 } from '../../../migrations/1764100010000-create-audiences-and-campaigns.js';
import { CreateModelVersions1764100011000 } from '../../../migrations/1764100011000-create-model-versions.js';
import { CreateSegmentationActivations1764100012000 } from '../../../migrations/1764100012000-create-segmentation-activations.js';
import { CreateCustomerTargeting1764100013000 } from '../../../migrations/1764100013000-create-customer-targeting.js';
import { OrderLinesNaturalKey1764100014000 } from '../../../migrations/1764100014000-order-lines-natural-key.js';
import { RowIssuesNaturalKey1764100015000 } from '../../../migrations/1764100015000-row-issues-natural-key.js';
import { ImportSkippedLines1764100016000 } from '../../../migrations/1764100016000-import-skipped-lines.js';
import { FewerIndexesOnRunRows1764100017000 } from '../../../migrations/1764100017000-fewer-indexes-on-run-rows.js';
import { OrdersCoveringFeatureIndex1764100018000 } from '../../../migrations/1764100018000-orders-covering-feature-index.js';
import { CreateLoginThrottles1764100030000 } from '../../../migrations/1764100030000-create-login-throttles.js';
import { RunsHoldTheirStatus1764100040000 } from '../../../migrations/1764100040000-runs-hold-their-status.js';
import { CreateConsentChanges1764100050000 } from '../../../migrations/1764100050000-create-consent-changes.js';
import { CustomersEmailIndex1764100051000 } from '../../../migrations/1764100051000-customers-email-index.js';
import { CreateDriftAndSettings1764100070000 } from '../../../migrations/1764100070000-create-drift-and-settings.js';
import { AddUpliftColumns1764100110000 } from '../../../migrations/1764100110000-add-uplift-columns.js';
import { AddJobParents1764100060000 } from '../../../migrations/1764100060000-add-job-parents.js';
import { CreateSchedules1764100061000 } from '../../../migrations/1764100061000-create-schedules.js';
import { AddCustomerValueScores1764100100000 } from '../../../migrations/1764100100000-add-customer-value-scores.js';
import { ApiKeyExpiryAndRateLimits1764100090000 } from '../../../migrations/1764100090000-api-key-expiry-and-rate-limits.js';
import { SegmentsStableKey1764100091000 } from '../../../migrations/1764100091000-segments-stable-key.js';
import { AddProductCatalogueColumns1764100135000 } from '../../../migrations/1764100135000-add-product-catalogue-columns.js';
import { CreateCategoryRules1764100136000 } from '../../../migrations/1764100136000-create-category-rules.js';
import { CreateCustomerChanges1764100080000 } from '../../../migrations/1764100080000-create-customer-changes.js';
import { CreateDestinations1764100081000 } from '../../../migrations/1764100081000-create-destinations.js';

/** Every migration, in order. Migrations are never edited once merged: add a new one. */
export const MIGRATIONS = [
  CreateCommerceTables1764100000000, CreateEvents1764100001000, CreateJobs1764100002000,
  CreateImports1764100003000, CreateAuthAndAudit1764100004000, AddImportCheckpoint1764100005000,
  CreateFeatureSnapshots1764100006000, CreateSegmentation1764100007000, CreateCustomerScores1764100008000,
  CreateCampaignOutcomes1764100009000, CreateAudiencesAndCampaigns1764100010000, CreateModelVersions1764100011000,
  CreateSegmentationActivations1764100012000, CreateCustomerTargeting1764100013000,
  OrderLinesNaturalKey1764100014000, RowIssuesNaturalKey1764100015000, ImportSkippedLines1764100016000, FewerIndexesOnRunRows1764100017000,
  OrdersCoveringFeatureIndex1764100018000,
  CreateLoginThrottles1764100030000, RunsHoldTheirStatus1764100040000, CreateConsentChanges1764100050000, CustomersEmailIndex1764100051000,
  AddJobParents1764100060000, CreateSchedules1764100061000, CreateDriftAndSettings1764100070000,
  CreateCustomerChanges1764100080000, CreateDestinations1764100081000,
  ApiKeyExpiryAndRateLimits1764100090000, SegmentsStableKey1764100091000,
  AddCustomerValueScores1764100100000, AddUpliftColumns1764100110000,
  AddProductCatalogueColumns1764100135000, CreateCategoryRules1764100136000,
];
