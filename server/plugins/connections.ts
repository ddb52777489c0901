/**
 * Slow clients: how long a request may take to arrive, how long an idle connection is kept, and how many
 * connections one address and the whole server may hold. Without these, one client on the venue's network
 * holding a thousand connections that each send a body a byte at a time keeps every kiosk request out.
 * The figures and why they are what they are: docs/reliability.md#slow-clients.
 */
import type { Server } from 'node:http';

export interface ConnectionLimits {
  /** The whole request, headers and body, must have arrived within this (Node answers 408 and closes). */
  requestTimeoutMs: number;
  /** The headers must have arrived within this. */
  headersTimeoutMs: number;
  /** A connection with no traffic either way for this long is closed: longer than the slowest answer (a print run). */
  idleTimeoutMs: number;
  /** A kept-alive connection waits this long for its next request. */
  keepAliveTimeoutMs: number;
  /** Requests one connection may carry before it is closed. */
  maxRequestsPerSocket: number;
  /** Connections the server holds at once, all clients together. */
  maxConnections: number;
  /** Connections one client address may hold at once; more are closed as they open. */
  maxConnectionsPerAddress: number;
  /** How often Node looks for requests past their time. */
  checkIntervalMs: number;
}

export const CONNECTION_LIMITS: ConnectionLimits = {
  requestTimeoutMs: 60_000,
  headersTimeoutMs: 15_000,
  idleTimeoutMs: 180_000,
  keepAliveTimeoutMs: 5_000,
  maxRequestsPerSocket: 1_000,
  maxConnections: 800,
  maxConnectionsPerAddress: 64,
  checkIntervalMs: 5_000,
};

/** Caps the connections per client address on a listening server (the overall cap is server.maxConnections). */
export function capConnections(server: Server, limits: ConnectionLimits): void {
  server.maxConnections = limits.maxConnections;
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress;
    // Reset before it was accepted: nothing to serve.
    if (address === undefined) return void socket.destroy();
    const count = (open.get(address) ?? 0) + 1;
    if (count > limits.maxConnectionsPerAddress) return void socket.destroy();
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
