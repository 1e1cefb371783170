import { defineConfig } from 'vitest/config';

/** `npm run test:chaos`: the chaos scenarios against built store processes and PostgreSQL. */
export default defineConfig({
  test: {
    include: ['chaos/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
