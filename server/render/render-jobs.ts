/**
 * What a render thread does, one function per job: draw a render spec, or check that a stored item will draw.
 * The same functions run on the calling thread when no pool is started (tests, the CLI).
 */
import { checkPrintable, renderSpec, type RenderSpec } from '../pdf/render-spec.js';
import type { RenderResult } from '../pdf/types.js';

export type RenderJob =
  | { job: 'render'; spec: RenderSpec }
  | { job: 'check'; item: { kind: 'letter' | 'postcard'; text: string; image?: string } };

export async function runRenderJob(task: RenderJob): Promise<RenderResult | null> {
  switch (task.job) {
    case 'render':
      return renderSpec(task.spec);
    case 'check':
      await checkPrintable(task.item);
      return null;
  }
}
