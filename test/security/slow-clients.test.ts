/**
 * Slow clients against a real listening server on loopback: connections beyond the per-address cap are closed as
 * they open, slow bodies are cut when their time is up, the kiosk is answered meanwhile, a refused request closes
 * its connection, and a connection reset at once leaves no error in the log. Small limits, so it stays short.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers.js';

const PER_ADDRESS = 4;
const logLines: string[] = [];
let t: TestApp;
let port: number;

beforeAll(async () => {
  t = await makeTestApp({
    seedDemo: false,
    app: {
      connections: { requestTimeoutMs: 3000, headersTimeoutMs: 3000, keepAliveTimeoutMs: 60_000, checkIntervalMs: 200, maxConnectionsPerAddress: PER_ADDRESS },
      logger: { level: 'info', stream: { write: (line: string) => void logLines.push(line) } },
    },
  });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(() => t.close());

interface Held {
  socket: net.Socket;
  received: string;
  closed: Promise<void>;
}

/** A connection from `from` that sends `head` and then nothing more; collects what comes back until it closes. */
function hold(from: string, head: string): Promise<Held> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port, localAddress: from });
    const held: Held = { socket, received: '', closed: new Promise((done) => socket.once('close', () => done())) };
    socket.on('data', (d) => (held.received += d.toString('latin1')));
    socket.on('error', () => {}); // a connection closed by the server may answer a write with a reset
    socket.once('connect', () => {
      socket.write(head);
      resolve(held);
    });
  });
}

const slowBody = 'POST /api/queue HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"kind":';

describe('slow clients', () => {
  it('closes connections beyond the per-address cap, answers the kiosk meanwhile, and cuts slow bodies at their time', async () => {
    const slow: Held[] = [];
    for (let i = 0; i < PER_ADDRESS * 2; i++) slow.push(await hold('127.0.0.2', slowBody));
    // The ones beyond the cap were closed without a word.
    const beyond = await Promise.race([
      Promise.all(slow.slice(PER_ADDRESS).map((h) => h.closed)).then(() => 'closed'),
      Promise.all(slow.slice(0, PER_ADDRESS).map((h) => h.closed)).then(() => 'the held ones closed first'),
    ]);
    expect(beyond).toBe('closed');
    for (const h of slow.slice(PER_ADDRESS)) expect(h.received).toBe('');

    // The kiosk laptop (another address) is answered while the slow ones hold their connections.
    const kiosk = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(kiosk.status).toBe(200);
    expect(slow.slice(0, PER_ADDRESS).every((h) => !h.socket.destroyed && h.received === '')).toBe(true);

    // Their time runs out: each is answered 408 and closed.
    await Promise.all(slow.map((h) => h.closed));
    for (const h of slow.slice(0, PER_ADDRESS)) expect(h.received).toMatch(/^HTTP\/1\.1 408 /);

    // Closed connections no longer count against the address.
    const again = await hold('127.0.0.2', 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    await again.closed;
    expect(again.received).toMatch(/^HTTP\/1\.1 200 /);
  }, 15_000);

  it('closes the connection after a refused request (a forged Host: 421)', async () => {
    // Keep-alive is 60 s here, so a close now comes from the refusal.
    const h = await hold('127.0.0.1', 'GET /api/health HTTP/1.1\r\nHost: rebound.example:3000\r\n\r\n');
    await h.closed;
    expect(h.received).toMatch(/^HTTP\/1\.1 421 /);
    expect(h.received).toMatch(/\r\nconnection: close\r\n/i);
  });

  it('logs no error for requests whose connection is reset right after the headers', async () => {
    const before = logLines.length;
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((closed) => {
        const socket = net.connect({ host: '127.0.0.1', port }, () => {
          socket.write('GET /api/prisoners HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'.repeat(3));
          socket.resetAndDestroy();
        });
        socket.on('error', () => {});
        socket.once('close', () => closed());
      });
    }
    // A request after them is answered, and by then the reset ones were handled.
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const errors = logLines.slice(before).map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 50);
    expect(errors).toEqual([]);
  });
});
