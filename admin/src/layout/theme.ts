import { defaultDarkTheme, defaultLightTheme, type RaThemeOptions } from 'react-admin';

/** Segmenta's palette: indigo for actions, teal for data accents; calm greys for the page. */
const brand = {
  primary: { main: '#3f51b5' },
  secondary: { main: '#1a237e' },
  info: { main: '#0288d1' },
  success: { main: '#2e7d32' },
};

const shared: RaThemeOptions = {
  shape: { borderRadius: 10 },
  typography: { fontFamily: 'Inter, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif', h6: { fontWeight: 600 } },
  sidebar: { width: 220, closedWidth: 56 },
};

export const lightTheme: RaThemeOptions = {
  ...defaultLightTheme,
  ...shared,
  palette: { ...defaultLightTheme.palette, ...brand, background: { default: '#f4f6fb', paper: '#ffffff' } },
  components: {
    ...defaultLightTheme.components,
    RaAppBar: { styleOverrides: { root: { '& .RaAppBar-toolbar': { paddingRight: 8 } } } },
    RaMenuItemLink: {
      styleOverrides: {
        root: {
          borderLeft: '3px solid transparent',
          '&.RaMenuItemLink-active': { borderLeft: '3px solid #3f51b5', backgroundColor: 'rgba(63, 81, 181, 0.08)', fontWeight: 600 },
        },
      },
    },
    MuiCard: { defaultProps: { elevation: 0 }, styleOverrides: { root: { border: '1px solid #e3e6ef' } } },
    MuiPaper: { styleOverrides: { elevation1: { boxShadow: '0 1px 3px rgba(16, 24, 64, 0.08)' } } },
  },
};

export const darkTheme: RaThemeOptions = {
  ...defaultDarkTheme,
  ...shared,
  palette: { ...defaultDarkTheme.palette, primary: { main: '#9fa8da' }, secondary: { main: '#c5cae9' } },
};
