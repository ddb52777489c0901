/**
 * Budgets of picture bytes: how much a phone may queue in a while and how much one print run draws. Pictures are
 * what makes a queue item heavy (a letter is kilobytes, a picture megabytes once decoded), so a phone filling the
 * queue, or a run of many postcards, must not take the server's memory.
 */

/** The bytes a picture's data URL stands for (its base64 decoded), from the URL's length alone. */
export function pictureBytes(dataUrlLength: number): number {
  return Math.floor((dataUrlLength * 3) / 4);
}

/**
 * The items one run takes, in queue order, until the picture budget is spent; the first always goes in (no single
 * picture is larger than a run's budget), and lighter items after a heavy one still go in while they fit.
 */
export function fitRunBudget<T extends { id: number; pictureBytes: number }>(items: T[], budget: number): { taken: number[]; left: number[] } {
  const taken: number[] = [];
  const left: number[] = [];
  let spent = 0;
  for (const item of items) {
    if (taken.length > 0 && spent + item.pictureBytes > budget) {
      left.push(item.id);
      continue;
    }
    spent += item.pictureBytes;
    taken.push(item.id);
  }
  return { taken, left };
}

/** Why an item stayed in the queue, shown with it in the console. */
export function leftForNextRunReason(budget: number): string {
  return `Waiting for the next run: this run already holds ${Math.round(budget / 1024 / 1024)} MB of pictures, the most one run draws. Make another run after this one.`;
}
