// Worker-thread entry: registers tsx's loader in this thread (loader hooks are per thread) so the TypeScript
// worker can be imported, then hands over to it.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./batch-worker.ts');
export default worker.default;
