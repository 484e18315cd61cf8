import ManageAccountsIcon from '@mui/icons-material/ManageAccounts';
import type { ResourceModule } from '../resource-module';
import { UserCreate } from './user-create';
import { UserEdit } from './user-edit';
import { UserList } from './user-list';

export const users: ResourceModule = {
  name: 'users',
  list: UserList,
  create: UserCreate,
  edit: UserEdit,
  icon: ManageAccountsIcon,
  recordRepresentation: (record) => record.name || record.email,
  api: {
    type: 'User',
    plural: 'Users',
    listFields: 'id email name role disabled createdAt',
    inputFields: ['email', 'name', 'role', 'password'],
    updateInputType: 'UpdateUserInput',
    updateFields: ['name', 'role', 'disabled'],
  },
};
