import ReceiptIcon from '@mui/icons-material/ReceiptLong';
import type { ResourceModule } from '../resource-module';
import { OrderList } from './order-list';
import { OrderShow } from './order-show';

const LIST_FIELDS = 'id invoiceNo customerId orderedAt status country totalAmount itemCount lineCount';

export const orders: ResourceModule = {
  name: 'orders',
  list: OrderList,
  show: OrderShow,
  icon: ReceiptIcon,
  recordRepresentation: 'invoiceNo',
  api: {
    type: 'Order',
    plural: 'Orders',
    filterType: 'OrderFilter',
    listFields: LIST_FIELDS,
    detailFields: `${LIST_FIELDS} lines { id productId quantity unitPrice amount isOutlier product { id stockCode description } }`,
  },
};
