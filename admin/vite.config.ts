import { defineConfig, defaultClientConditions, loadEnv } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig(({ mode }) => {
  // In dev mode (`npm run dev -w admin`) the API runs separately, on :4000 unless
  // SEGMENTA_API_URL says otherwise; in production the server itself serves admin/dist,
  // so the UI always talks to its own origin.
  const api = loadEnv(mode, '.', 'SEGMENTA_').SEGMENTA_API_URL || 'http://127.0.0.1:4000';
  return {
    plugins: [react()],
    // Setting conditions replaces Vite's defaults, so spread them back (workspace packages -> TS source).
    resolve: { conditions: ['source', ...defaultClientConditions] },
    server: {
      port: 5173,
      proxy: { '/graphql': api, '/api': api, '/health': api },
    },
    build: { chunkSizeWarningLimit: 1500 },
  };
});
