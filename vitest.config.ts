import { defineConfig } from 'vitest/config';

// Integration and e2e tests start real servers and processes: give them room,
// and keep files apart so each gets its own nats-server.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Provisions the trainer's Python environment first (test/global-setup.ts).
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
