/**
 * The Host-header allowlist. A web page in the laptop's browser can make its own domain name point at 127.0.0.1
 * (DNS rebinding) and then read Volya's answers as "same origin"; its requests still carry that foreign name in
 * Host. So only the names this server is reached by are answered: localhost, 127.0.0.1 and [::1] (any port), the
 * address HOST names, and — while phones are allowed — this machine's LAN addresses (those the QR code shows).
 * Anything else answers 421 and the connection is closed.
 */
import fp from 'fastify-plugin';
import { getSettings } from '../services/settings.js';
import { lanAddresses } from '../services/phones.js';
import { HttpError } from './errors.js';

export interface HostCheckOptions {
  /** The address the server listens on (0.0.0.0 and :: name no host). */
  listenHost: string;
}

const ALWAYS = new Set(['localhost', '127.0.0.1', '::1']);

/** The name in a Host header without its port and brackets, lower-cased; null when it is not a host[:port]. */
export function hostName(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^(?:\[([0-9a-f:.]+)\]|([^:[\]]+))(?::\d{1,5})?$/i.exec(header.trim());
  return m ? (m[1] ?? m[2]!).toLowerCase() : null;
}

export const hostCheck = fp<HostCheckOptions>(
  async (app, opts) => {
    const configured = opts.listenHost === '0.0.0.0' || opts.listenHost === '::' ? null : hostName(opts.listenHost);
    app.addHook('onRequest', async (request) => {
      const name = hostName(request.headers.host);
      if (name !== null && (ALWAYS.has(name) || name === configured)) return;
      if (name !== null && (await getSettings(app.db)).phonesAllowed && lanAddresses().includes(name)) return;
      const shown = (request.headers.host ?? '').slice(0, 100);
      throw new HttpError(
        421,
        `This server does not answer to the host name "${shown}": open it as http://localhost:${app.listenAddress.port}/ on this laptop, or with the address the phone QR code shows while phones are allowed.`,
      );
    });
  },
  { name: 'host-check', dependencies: ['client-kind', 'printing'] },
);
