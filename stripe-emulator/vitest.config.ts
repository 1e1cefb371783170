import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Two cores shared with other work: a few files at a time, each with its own emulator on a random port.
    maxWorkers: 2,
    // A guard against a hang, never a measure of speed: a busy machine must not fail a correct test.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
