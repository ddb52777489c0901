/**
 * What a render thread does, one function per job: draw a render spec, or check that a stored item will draw.
 * The same functions run on the calling thread when no pool is started (tests, the CLI).
 */
import { checkPrintable, renderSpec, type RenderSpec } from '../pdf/render-spec.js';
import type { RenderResult } from '../pdf/types.js';

export type RenderJob =
  | { job: 'render'; spec: RenderSpec }
  | { job: 'check'; item: { kind: 'letter' | 'postcard'; text: string; image?: string } };

export type RenderJobResult = RenderResult | { image?: string };

export async function runRenderJob(task: RenderJob): Promise<RenderJobResult> {
  switch (task.job) {
    case 'render':
      return renderSpec(task.spec);
    case 'check':
      return { image: await checkPrintable(task.item) };
  }
}
