import TouchAppIcon from '@mui/icons-material/TouchApp';
import type { ResourceModule } from '../resource-module';
import { EventList } from './event-list';

export const events: ResourceModule = {
  name: 'events',
  list: EventList,
  icon: TouchAppIcon,
  recordRepresentation: (record) => `${record.type} #${record.id}`,
  api: {
    type: 'Event',
    plural: 'Events',
    filterType: 'EventFilter',
    listFields: 'id customerId sessionId type productId category occurredAt',
  },
};
