/**
 * Phone access for organizers: the URL phones on the venue's network open, as a QR code generated here
 * (no network), and whether the server actually listens beyond this machine.
 */
import os from 'node:os';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getSettings } from '../db/settings.js';

/** IPv4 addresses of this machine on the local network(s), first the likeliest (private ranges). */
export function lanAddresses(): string[] {
  const found: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) found.push(a.address);
  }
  const isPrivate = (ip: string) => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(ip);
  return found.sort((a, b) => Number(isPrivate(b)) - Number(isPrivate(a)));
}

export const adminPhoneRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/phone-qr', async () => {
    const { host, port } = app.listenAddress;
    const settings = await getSettings(app.db);
    const addresses = lanAddresses();
    const listensOnLan = host === '0.0.0.0' || host === '::' || addresses.includes(host);
    const address = addresses.includes(host) ? host : addresses[0];
    const url = address ? `http://${address}:${port}/` : null;
    return {
      url,
      // qrcode loads on first use: most workshops never switch phones on.
      qr: url ? await (await import('qrcode')).default.toDataURL(url, { margin: 2, scale: 8, errorCorrectionLevel: 'M' }) : null,
      addresses,
      host,
      port,
      listensOnLan,
      phonesAllowed: settings.phonesAllowed,
    };
  });
};
