import PolicyIcon from '@mui/icons-material/Policy';
import type { ResourceModule } from '../resource-module';
import { AuditList } from './audit-list';

export const audit: ResourceModule = {
  name: 'audit',
  list: AuditList,
  icon: PolicyIcon,
  options: { label: 'Audit log' },
  recordRepresentation: (record) => `${record.action} by ${record.actorName ?? record.actor}`,
  api: {
    type: 'AuditEntry',
    plural: 'AuditEntries',
    listFields: 'id actor actorName action outcome ip requestId createdAt',
  },
};
