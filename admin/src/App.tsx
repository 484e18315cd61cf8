import { Admin, CustomRoutes, Resource, reactRouterProvider } from 'react-admin';
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
import { imports } from './imports';
import { segmentationRuns } from './segmentation';
import { personas } from './personas';
import { audiences } from './audiences';
import { campaigns } from './campaigns';
import { models } from './models';
import { schedules } from './schedules';
import { ExplorePage } from './pages/explore-page';
import { ApiKeysPage } from './api-keys';
import { ImpactPage } from './pages/impact-page';
import { SettingsPage } from './pages/settings-page';
import { DestinationsPage } from './destinations';
import { CategoryRulesPage } from './pages/category-rules-page';

/** Menu order. A new resource is a folder exporting a ResourceModule plus one entry here. */
const RESOURCES: ResourceModule[] = [customers, orders, products, events, imports, segmentationRuns, personas, models, audiences, campaigns, schedules, jobs, users, audit];

const dataProvider = createDataProvider(RESOURCES);

// react-admin's router adapter (react-router underneath), so the app names no router package itself.
const { Route } = reactRouterProvider;

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
      <CustomRoutes>
        <Route path="/explore" element={<ExplorePage />} />
        <Route path="/impact" element={<ImpactPage />} />
        <Route path="/api-keys" element={<ApiKeysPage />} />
        <Route path="/settings" element={<SettingsPage />} />
        <Route path="/destinations" element={<DestinationsPage />} />
        <Route path="/category-rules" element={<CategoryRulesPage />} />
      </CustomRoutes>
      {RESOURCES.map(({ api: _api, ...props }) => <Resource key={props.name} {...props} />)}
    </Admin>
  );
}
