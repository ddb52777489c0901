import { describe, expect, it } from 'vitest';
import { runCrashLoop } from './crash-loop.js';

// Short form of the crash-safety check; `npm run bench:crash` runs 200 kills.
describe('crash safety', () => {
  it('keeps every acknowledged edit and import and an intact database across 20 SIGKILLs', async () => {
    const report = await runCrashLoop(20);
    expect(report.integrity).toEqual(['ok']);
    expect(report.lost).toEqual([]);
    expect(report.acknowledged).toBeGreaterThan(20);
    expect(report.imports).toBeGreaterThan(0);
  }, 240_000);
});
