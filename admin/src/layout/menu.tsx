import { Menu, useCanAccess } from 'react-admin';
import InsightsIcon from '@mui/icons-material/Insights';
import TrendingUpIcon from '@mui/icons-material/TrendingUp';
import KeyIcon from '@mui/icons-material/VpnKey';
import SettingsIcon from '@mui/icons-material/Settings';
import SendIcon from '@mui/icons-material/Send';
import CategoryIcon from '@mui/icons-material/Category';

/** The resources in RESOURCES order, then the custom pages (explore, category rules, API keys, settings and destinations for admins only). */
export function SegmentaMenu() {
  const { canAccess: canSeeRules } = useCanAccess({ resource: 'categoryRules', action: 'list' });
  const { canAccess: canManageKeys } = useCanAccess({ resource: 'apiKeys', action: 'list' });
  return (
    <Menu>
      <Menu.DashboardItem />
      <Menu.ResourceItems />
      <Menu.Item to="/explore" primaryText="Explore" leftIcon={<InsightsIcon />} />
      <Menu.Item to="/impact" primaryText="Impact" leftIcon={<TrendingUpIcon />} />
      {canSeeRules && <Menu.Item to="/category-rules" primaryText="Category rules" leftIcon={<CategoryIcon />} />}
      {canManageKeys && <Menu.Item to="/api-keys" primaryText="API keys" leftIcon={<KeyIcon />} />}
      {canManageKeys && <Menu.Item to="/settings" primaryText="Settings" leftIcon={<SettingsIcon />} />}
      {canManageKeys && <Menu.Item to="/destinations" primaryText="Destinations" leftIcon={<SendIcon />} />}
    </Menu>
  );
}
