import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Vitest's default is one fewer worker than cores: one file at a time on a 2-core machine. Most files wait on
    // child processes and loopback servers, so two at a time take the suite from about 8 to under 6 minutes here.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Type tests of the public API (*.test-d.ts): expectTypeOf checked by tsc, run with the suite.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.test-d.json' },
  },
});
