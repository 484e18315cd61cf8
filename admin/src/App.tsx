import { Admin, Resource } from 'react-admin';
import { createDataProvider } from './dataProvider';
import { authProvider } from './authProvider';
import { Dashboard } from './dashboard/dashboard';
import { SegmentaLayout } from './layout/layout';
import { LoginPage } from './layout/login-page';
import { darkTheme, lightTheme } from './layout/theme';
import type { ResourceModule } from './resource-module';
import { customers } from './customers';
import { orders } from './orders';
import { products } from './products';
import { events } from './events';
import { jobs } from './jobs';
import { users } from './users';
import { audit } from './audit';

/** Menu order. A new resource is a folder exporting a ResourceModule plus one entry here. */
const RESOURCES: ResourceModule[] = [customers, orders, products, events, jobs, users, audit];

const dataProvider = createDataProvider(RESOURCES);

export function App() {
  return (
    <Admin
      title="Segmenta"
      disableTelemetry
      requireAuth
      dataProvider={dataProvider}
      authProvider={authProvider}
      dashboard={Dashboard}
      layout={SegmentaLayout}
      loginPage={LoginPage}
      theme={lightTheme}
      darkTheme={darkTheme}
      defaultTheme="light"
    >
      {RESOURCES.map(({ api: _api, ...props }) => <Resource key={props.name} {...props} />)}
    </Admin>
  );
}
