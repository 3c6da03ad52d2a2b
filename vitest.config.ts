import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // The CI machine has 2 cores, and DynamoDB Local (java) runs beside the forks.
    maxWorkers: 2,
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser tests poll the page; on a busy 2-core machine a screen can take seconds to settle.
    expect: { poll: { timeout: 10_000 } },
    // Warnings and errors only: a failing test's log stays readable.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', LOG_LEVEL: 'error' },
  },
});
