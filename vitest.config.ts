import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
  resolve: {
    // Tests import workspace packages from source so they never run against a stale build.
    alias: {
      '@understudy/resp': new URL('./packages/resp/src/index.ts', import.meta.url).pathname,
      '@understudy/grpc': new URL('./packages/grpc/src/index.ts', import.meta.url).pathname,
      '@understudy/sentinel': new URL('./packages/sentinel/src/index.ts', import.meta.url).pathname,
      '@understudy/proxy': new URL('./packages/proxy/src/index.ts', import.meta.url).pathname,
    },
  },
});
