import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Each file gets its own process: PGlite instances are heavy and must not pile up.
    pool: 'forks',
    maxWorkers: 2,
    // Generous: a timeout here guards against a hang, it never measures speed. Under load (a busy CI machine,
    // two workers each running a store, an emulator and a database) the login tests' password hashing and
    // the 100-checkout watch-list test were seen to pass 60 s.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
