import { Typography } from '@mui/material';
import DonutLargeIcon from '@mui/icons-material/DonutLarge';
import { Login, LoginForm, PasswordInput, required, TextInput } from 'react-admin';

/** react-admin's login card, asking for an e-mail (sent as `username` to the auth provider). */
export function LoginPage() {
  return (
    <Login avatarIcon={<DonutLargeIcon />} sx={{ backgroundColor: '#283593', backgroundImage: 'none', '& .RaLogin-icon': { bgcolor: 'primary.main' } }}>
      <Typography variant="h5" align="center" sx={{ fontWeight: 700, mt: 1 }}>Segmenta</Typography>
      <Typography variant="body2" align="center" color="text.secondary">Customer segmentation &amp; targeting</Typography>
      <LoginForm>
        <TextInput autoFocus source="username" label="E-mail" type="email" autoComplete="username" validate={required()} />
        <PasswordInput source="password" label="Password" autoComplete="current-password" validate={required()} />
      </LoginForm>
    </Login>
  );
}
