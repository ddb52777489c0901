/**
 * Phone access: the URL phones on the venue's network open, as a QR code generated here (no network), and whether
 * the server actually listens beyond this machine.
 */
import os from 'node:os';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { getSettings } from './settings.js';

/** IPv4 addresses of this machine on the local network(s), first the likeliest (private ranges). */
export function lanAddresses(): string[] {
  const found: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) found.push(a.address);
  }
  const isPrivate = (ip: string) => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(ip);
  return found.sort((a, b) => Number(isPrivate(b)) - Number(isPrivate(a)));
}

export async function phoneAccess(db: Kysely<DB>, listen: { host: string; port: number }) {
  const { host, port } = listen;
  const settings = await getSettings(db);
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
}
