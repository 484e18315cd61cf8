import PolicyIcon from '@mui/icons-material/Policy';
import type { ResourceModule } from '../resource-module';
import { AuditList } from './audit-list';

export const audit: ResourceModule = {
  name: 'audit',
  list: AuditList,
  icon: PolicyIcon,
  options: { label: 'Audit log' },
  recordRepresentation: (record) => `${record.action} by ${record.actor}`,
  api: {
    type: 'AuditEntry',
    plural: 'AuditEntries',
    listFields: 'id actor action outcome ip requestId createdAt',
  },
};
