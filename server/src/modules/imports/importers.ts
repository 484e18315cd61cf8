import { CustomersImporter } from './customers.importer.js';
import { EventsImporter } from './events.importer.js';
import type { ImportKind } from './import.types.js';
import type { ImporterContext, KindImporter } from './importer.types.js';
import { OrdersImporter } from './orders.importer.js';
import { OutcomesImporter } from './outcomes.importer.js';
import { ProductsImporter } from './products.importer.js';
import { SuppressionsImporter } from './suppressions.importer.js';

export function createImporter(kind: ImportKind, context: ImporterContext): KindImporter {
  switch (kind) {
    case 'orders': return new OrdersImporter(context) as KindImporter;
    case 'customers': return new CustomersImporter(context) as KindImporter;
    case 'events': return new EventsImporter(context) as KindImporter;
    case 'outcomes': return new OutcomesImporter(context) as KindImporter;
    case 'suppressions': return new SuppressionsImporter(context) as KindImporter;
    case 'products': return new ProductsImporter(context) as KindImporter;
  }
}
