import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Ingest tests start Piscina pools of their own; running many files at once on a
    // 2-core machine only makes them slower.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
