/** What the print-queue routes share: the CUPS clients to call, built runs in memory, the retention sweeper. */
import fp from 'fastify-plugin';
import { systemCups, type CupsCommands } from '../printing/cups.js';
import { RunCache } from '../printing/run-cache.js';
import { startQueueSweeper } from '../printing/queue-sweeper.js';

declare module 'fastify' {
  interface FastifyInstance {
    cups: CupsCommands;
    runCache: RunCache;
    /** Where the server listens, for the phone QR code. */
    listenAddress: { host: string; port: number };
  }
}

export interface PrintingOptions {
  cups?: CupsCommands;
  listen?: { host: string; port: number };
}

export const printing = fp<PrintingOptions>(
  async (app, opts) => {
    app.decorate('cups', opts.cups ?? systemCups);
    app.decorate('runCache', new RunCache());
    app.decorate('listenAddress', opts.listen ?? { host: '127.0.0.1', port: 3000 });
    startQueueSweeper(app);
  },
  { name: 'printing' },
);
