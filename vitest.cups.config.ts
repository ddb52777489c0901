import { defineConfig } from 'vitest/config';

// Printing through the real CUPS (cupsd + the cups-pdf queue from scripts/setup-cups.sh): `npm run test:cups`.
export default defineConfig({
  test: {
    include: ['test/cups/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
