import { defineConfig, defaultClientConditions } from 'vite';
import react from '@vitejs/plugin-react';

// In dev mode (`npm run dev -w admin`) the API runs separately on :4000; in production the
// server itself serves admin/dist, so the UI always talks to its own origin.
const API = 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [react()],
  // Setting conditions replaces Vite's defaults, so spread them back (workspace packages -> TS source).
  resolve: { conditions: ['source', ...defaultClientConditions] },
  server: {
    port: 5173,
    proxy: { '/graphql': API, '/api': API, '/health': API },
  },
  build: { chunkSizeWarningLimit: 1500 },
});
