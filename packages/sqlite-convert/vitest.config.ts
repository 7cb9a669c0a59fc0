import { defineConfig } from 'vitest/config';

// No time limits on tests (machines are shared and noisy); the long timeout only stops a hung test.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 600_000 },
});
