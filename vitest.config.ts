import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs nothing running; `integration` (*.int.test.ts) runs
// against the real stack (Directus + n8n on Postgres + WA simulator) that
// test/e2e/global-setup.ts starts and stops.
const ignored = ['**/node_modules/**', '**/dist/**', 'runtime/**', '.data/**', '.cache/**'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [...ignored, '**/*.int.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: ignored,
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
