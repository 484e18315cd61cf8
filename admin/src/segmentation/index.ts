import HubIcon from '@mui/icons-material/Hub';
import type { ResourceModule } from '../resource-module';
import { RunList } from './run-list';
import { RunShow } from './run-show';
import { RunLaunch } from './run-launch';

const LIST_FIELDS = 'id dataSet status algorithm k isLive modelVersion customerCount jobId createdBy createdByName createdAt finishedAt';

export const segmentationRuns: ResourceModule = {
  name: 'segmentationRuns',
  list: RunList,
  show: RunShow,
  create: RunLaunch,
  icon: HubIcon,
  recordRepresentation: (record) => `Run #${record.id}`,
  options: { label: 'Segmentation' },
  api: {
    type: 'SegmentationRun',
    plural: 'SegmentationRuns',
    listFields: LIST_FIELDS,
    detailFields: `${LIST_FIELDS} error params dendrogram projection
      kSelection { recommendedK elbowK reason candidates { k inertia silhouette daviesBouldin calinskiHarabasz } }
      metrics { silhouette daviesBouldin calinskiHarabasz inertia }
      segments { id label size shareOfCustomers revenueShare centroid persona { id name origin carriedFrom { id name segment { runId label } } } }`,
  },
};
