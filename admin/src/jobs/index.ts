import WorkHistoryIcon from '@mui/icons-material/WorkHistory';
import type { ResourceModule } from '../resource-module';
import { JobList } from './job-list';
import { JobShow } from './job-show';

const LIST_FIELDS = `id type status error attempt maxAttempts progressDone progressTotal progressMessage cancelRequested
  createdBy createdAt startedAt finishedAt runAfter parentId step stale progress { fraction rate etaSeconds stepsDone steps }`;

export const jobs: ResourceModule = {
  name: 'jobs',
  list: JobList,
  show: JobShow,
  icon: WorkHistoryIcon,
  recordRepresentation: (record) => `${record.type} #${record.id}`,
  api: {
    type: 'Job',
    plural: 'Jobs',
    filterType: 'JobFilter',
    listFields: LIST_FIELDS,
    detailFields: `${LIST_FIELDS} payload result`,
  },
};
