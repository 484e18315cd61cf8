import PsychologyIcon from '@mui/icons-material/Psychology';
import type { ResourceModule } from '../resource-module';
import { PersonaList } from './persona-list';
import { PersonaEdit } from './persona-edit';

const LIST_FIELDS = 'id segmentId name description plays rfmVocabulary edited version updatedBy updatedByName updatedAt';

export const personas: ResourceModule = {
  name: 'personas',
  list: PersonaList,
  edit: PersonaEdit,
  icon: PsychologyIcon,
  recordRepresentation: 'name',
  options: { label: 'Personas' },
  api: {
    type: 'Persona',
    plural: 'Personas',
    filterType: 'PersonaFilter',
    // A run has few segments (k ≤ 12), so the cards may go one level deeper than other lists.
    // Recommendations are slow to compute: each card asks for its own after it renders.
    listFields: `${LIST_FIELDS} segment { id label size revenueShare shareOfCustomers profile }`,
    detailFields: `${LIST_FIELDS} history { id version name editedBy editedByName editedAt }`,
    inputFields: ['name', 'description', 'plays', 'expectedVersion'],
  },
};
