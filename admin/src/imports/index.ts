import UploadFileIcon from '@mui/icons-material/UploadFile';
import type { ResourceModule } from '../resource-module';
import { JOB_FIELDS } from '../common/job-progress-line';
import { ImportList } from './import-list';
import { ImportShow } from './import-show';
import { ImportUpload } from './import-upload';

const LIST_FIELDS = 'id kind fileName fileBytes status layout rowsRead rowsImported rowsSkipped rowsRejected createdAt finishedAt jobId';

export const imports: ResourceModule = {
  name: 'imports',
  list: ImportList,
  show: ImportShow,
  create: ImportUpload,
  icon: UploadFileIcon,
  recordRepresentation: 'fileName',
  options: { label: 'Imports' },
  api: {
    type: 'Import',
    plural: 'Imports',
    listFields: LIST_FIELDS,
    detailFields: `${LIST_FIELDS} error report issuesCsvUrl job { ${JOB_FIELDS} }`,
  },
};
