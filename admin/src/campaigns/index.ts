import CampaignIcon from '@mui/icons-material/Campaign';
import type { ResourceModule } from '../resource-module';
import { CampaignList } from './campaign-list';
import { CampaignCreate } from './campaign-create';
import { CampaignShow } from './campaign-show';

const LIST_FIELDS = 'id name channel audienceId status startsAt endsAt sentAt fixedCost costPerContact attributionDays controlShare controlSeed memberCount controlCount treatmentCount snapshotRunId createdAt';

export const campaigns: ResourceModule = {
  name: 'campaigns',
  list: CampaignList,
  show: CampaignShow,
  create: CampaignCreate,
  icon: CampaignIcon,
  recordRepresentation: 'name',
  options: { label: 'Campaigns' },
  api: {
    type: 'Campaign',
    plural: 'Campaigns',
    listFields: LIST_FIELDS,
    createInputType: 'CampaignInput',
    updateInputType: 'CampaignInput',
    inputFields: ['name', 'channel', 'audienceId', 'startsAt', 'endsAt', 'fixedCost', 'costPerContact', 'attributionDays', 'controlShare', 'controlSeed'],
  },
};
