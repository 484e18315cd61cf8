import { Box, Chip, ListItem, ListItemText, Typography } from '@mui/material';
import DonutLargeIcon from '@mui/icons-material/DonutLarge';
import { AppBar, Logout, TitlePortal, UserMenu, useGetIdentity } from 'react-admin';

/** Name and role of the signed-in user, at the top of the user menu. */
function IdentityHeader() {
  const { identity } = useGetIdentity();
  if (!identity) return null;
  return (
    <ListItem sx={{ minWidth: 220 }} data-testid="identity">
      <ListItemText primary={identity.fullName} secondary={<Chip component="span" size="small" label={identity.role as string} sx={{ mt: 0.5 }} />} />
    </ListItem>
  );
}

function RoleBadge() {
  const { identity } = useGetIdentity();
  if (!identity?.role) return null;
  return <Chip size="small" label={identity.role as string} data-testid="role-badge" sx={{ color: 'inherit', borderColor: 'rgba(255,255,255,0.5)', mr: 1 }} variant="outlined" />;
}

export function SegmentaAppBar() {
  return (
    <AppBar
      color="primary"
      userMenu={
        <UserMenu>
          <IdentityHeader />
          <Logout />
        </UserMenu>
      }
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mr: 2 }}>
        <DonutLargeIcon />
        <Typography variant="h6" component="span" sx={{ fontWeight: 700, letterSpacing: 0.3 }}>Segmenta</Typography>
      </Box>
      <Typography component="span" sx={{ opacity: 0.5, mr: 2 }}>|</Typography>
      <TitlePortal />
      <RoleBadge />
    </AppBar>
  );
}
