import { createElement } from 'react';
import { Box, Typography } from '@mui/material';
import InboxIcon from '@mui/icons-material/Inbox';
import { useResourceDefinition } from 'react-admin';

/** What an empty list says: the resource's icon, and where the data comes from. */
export function ListEmpty({ title, hint }: { title: string; hint?: string }) {
  const { icon } = useResourceDefinition();
  return (
    <Box sx={{ textAlign: 'center', mt: 8, color: 'text.secondary' }} data-testid="list-empty">
      {createElement(icon ?? InboxIcon, { sx: { fontSize: 72, opacity: 0.4 } })}
      <Typography variant="h6" sx={{ mt: 1 }}>{title}</Typography>
      {hint ? <Typography variant="body2" sx={{ mt: 1 }}>{hint}</Typography> : null}
    </Box>
  );
}
