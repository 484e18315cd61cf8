import GroupsIcon from '@mui/icons-material/Groups';
import { Edit } from 'react-admin';
import { createElement } from 'react';
import type { ResourceModule } from '../resource-module';
import { AudienceList } from './audience-list';
import { AudienceShow } from './audience-show';
import { AudienceCreate, AudienceEditForm } from './audience-builder';
import { FUNNEL_FIELDS } from './audience-live';

const LIST_FIELDS = 'id name channel version createdBy createdByName createdAt updatedAt';

/** Edit loads the record; the builder inside saves with its own mutation (no react-admin form). */
const AudienceEdit = () => createElement(Edit, { actions: false, component: 'div', children: createElement(AudienceEditForm) });

export const audiences: ResourceModule = {
  name: 'audiences',
  list: AudienceList,
  show: AudienceShow,
  create: AudienceCreate,
  edit: AudienceEdit,
  icon: GroupsIcon,
  recordRepresentation: 'name',
  options: { label: 'Audiences' },
  api: {
    type: 'Audience',
    plural: 'Audiences',
    listFields: LIST_FIELDS,
    detailFields: `${LIST_FIELDS} definition segmentRunIds notLiveRunIds funnel { ${FUNNEL_FIELDS} }`,
  },
};
