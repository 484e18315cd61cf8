import { defineConfig } from 'vitest/config';
import { defaultServerConditions } from 'vite';

export default defineConfig({
  // type-graphql and Apollo load graphql's CommonJS build through Node; tests must use the same
  // copy, not the .mjs one Vite would pick (graphql refuses to mix the two).
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  // Workspace packages resolve to their TypeScript source in tests.
  ssr: { resolve: { conditions: ['source', ...defaultServerConditions] } },
  test: {
    include: ['test/**/*.test.ts', 'server/src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One shared MariaDB server; each file creates its own database, but CPU is only 2 cores.
    fileParallelism: false,
    globalSetup: ['test/helpers/global-setup.ts'],
  },
});
