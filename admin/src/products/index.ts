import InventoryIcon from '@mui/icons-material/Inventory2';
import type { ResourceModule } from '../resource-module';
import { ProductList } from './product-list';
import { ProductShow } from './product-show';

export const products: ResourceModule = {
  name: 'products',
  list: ProductList,
  show: ProductShow,
  icon: InventoryIcon,
  recordRepresentation: (record) => `${record.stockCode}${record.description ? ` · ${record.description}` : ''}`,
  api: {
    type: 'Product',
    plural: 'Products',
    filterType: 'ProductFilter',
    listFields: 'id stockCode description category isMerchandise',
  },
};
