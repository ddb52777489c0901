import { describe, expect, it } from 'vitest';
import { fitRunBudget, pictureBytes } from '../../server/domain/picture-budget.js';

describe('picture budgets', () => {
  it('reads a data URL\'s decoded size from its length', () => {
    expect(pictureBytes(4)).toBe(3);
    expect(pictureBytes(4_000_000)).toBe(3_000_000);
  });

  it('takes items in order until the budget is spent, lets lighter ones after a heavy one in, and always takes the first', () => {
    const items = [
      { id: 1, pictureBytes: 400 },
      { id: 2, pictureBytes: 500 },
      { id: 3, pictureBytes: 200 },
      { id: 4, pictureBytes: 0 },
      { id: 5, pictureBytes: 500 },
    ];
    expect(fitRunBudget(items, 1000)).toEqual({ taken: [1, 2, 4], left: [3, 5] });
    expect(fitRunBudget([{ id: 9, pictureBytes: 5000 }], 1000)).toEqual({ taken: [9], left: [] });
    expect(fitRunBudget([], 1000)).toEqual({ taken: [], left: [] });
  });
});
