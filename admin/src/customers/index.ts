import PeopleIcon from '@mui/icons-material/People';
import type { ResourceModule } from '../resource-module';
import { CustomerList } from './customer-list';
import { CustomerShow } from './customer-show';

const LIST_FIELDS = 'id externalId email name country city signupAt createdAt erasedAt';
/** The list's own columns: live segment with persona, RFM group, revenue, last completed order, response score (each batched per page). */
const LIST_ONLY_FIELDS = 'segment { id label } persona { id name } features { rfmGroup } summary { revenue lastOrderAt } scores { responseProbability }';

export const customers: ResourceModule = {
  name: 'customers',
  list: CustomerList,
  show: CustomerShow,
  icon: PeopleIcon,
  recordRepresentation: (record) => record.name || record.email || record.externalId,
  api: {
    type: 'Customer',
    plural: 'Customers',
    filterType: 'CustomerFilter',
    listFields: `${LIST_FIELDS} ${LIST_ONLY_FIELDS}`,
    detailFields: `${LIST_FIELDS} gender birthDate consentEmail consentSms consentPush optedOutEmail optedOutSms optedOutPush
      summary { orderCount returnCount revenue firstOrderAt lastOrderAt }
      value { predictedClv clvPercentile probabilityAlive churnRisk expectedPurchases expectedNextOrderAt asOf modelId }
      features { recencyDays frequency monetary rScore fScore mScore rfmGroup avgOrderValue tenureDays meanDaysBetweenOrders returnRate clvHistoric topCategory }
      segment { id label size } persona { id name description plays }
      segmentHistory { runId runCreatedAt segmentId label persona isLive }`,
  },
};
