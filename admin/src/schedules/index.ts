import ScheduleIcon from '@mui/icons-material/Schedule';
import type { ResourceModule } from '../resource-module';
import { ScheduleList } from './schedule-list';
import { ScheduleCreate, ScheduleEdit } from './schedule-form';
import { ScheduleShow } from './schedule-show';

const LIST_FIELDS = 'id name action params cron timeZone enabled nextRunAt lastRunAt lastJobId createdAt';

export const schedules: ResourceModule = {
  name: 'schedules',
  list: ScheduleList,
  show: ScheduleShow,
  create: ScheduleCreate,
  edit: ScheduleEdit,
  icon: ScheduleIcon,
  recordRepresentation: 'name',
  options: { label: 'Schedules' },
  api: {
    type: 'Schedule',
    plural: 'Schedules',
    listFields: LIST_FIELDS,
    filterType: 'ScheduleFilter',
    createInputType: 'ScheduleInput',
    updateInputType: 'ScheduleInput',
    inputFields: ['name', 'action', 'cron', 'timeZone', 'params', 'enabled'],
  },
};
