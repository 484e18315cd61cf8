import { Menu } from 'react-admin';
import InsightsIcon from '@mui/icons-material/Insights';

/** The resources in RESOURCES order, then the custom pages. */
export function SegmentaMenu() {
  return (
    <Menu>
      <Menu.DashboardItem />
      <Menu.ResourceItems />
      <Menu.Item to="/explore" primaryText="Explore" leftIcon={<InsightsIcon />} />
    </Menu>
  );
}
