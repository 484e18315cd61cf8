export { DestinationsPage } from './destinations-page';
