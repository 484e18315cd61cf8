import type { ResourceProps } from 'react-admin';
import type { ResourceSpec } from './dataProvider';

/**
 * What a resource folder exports: react-admin's <Resource> props (list, show, create, icon,
 * recordRepresentation...) plus `api`, its GraphQL names and field selections for the data provider.
 */
export interface ResourceModule extends ResourceProps {
  api: ResourceSpec;
}
