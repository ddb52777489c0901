/** Typed configuration from environment variables, validated once at start. */
import os from 'node:os';
import path from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  port: number;
  host: string;
  dbPath: string;
  adminUser: string;
  /** Empty: a one-time password is generated at first start and printed once. */
  adminPassword: string;
  logLevel: LogLevel;
  /** Seed the fictional demo set into an empty database. */
  seedDemo: boolean;
  /** PDF worker threads; 0 renders on the main thread. */
  renderThreads: number;
}

export class ConfigError extends Error {}

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads and validates the environment; throws ConfigError with a one-line message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const portText = env.PORT ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 1 to 65535, got "${portText}"`);
  }
  const host = env.HOST ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) throw new ConfigError(`HOST must be an address or host name, got "${host}"`);
  const dbPath = env.VOLYA_DB ?? './data/volya.db';
  if (!dbPath.trim()) throw new ConfigError('VOLYA_DB must not be empty');
  const adminUser = env.VOLYA_ADMIN_USER ?? 'admin';
  if (!/^[A-Za-z0-9_.-]{2,40}$/.test(adminUser)) {
    throw new ConfigError(`VOLYA_ADMIN_USER must be 2–40 letters, digits, '.', '_' or '-', got "${adminUser}"`);
  }
  const adminPassword = env.VOLYA_ADMIN_PASSWORD ?? '';
  if (adminPassword && adminPassword.length < 10) {
    throw new ConfigError('VOLYA_ADMIN_PASSWORD must be at least 10 characters (or unset to generate one)');
  }
  const logLevel = (env.LOG_LEVEL ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  const seedText = env.VOLYA_DEMO ?? '1';
  if (seedText !== '0' && seedText !== '1') throw new ConfigError(`VOLYA_DEMO must be 0 or 1, got "${seedText}"`);
  const threadsText = env.VOLYA_RENDER_THREADS ?? String(os.availableParallelism());
  const renderThreads = Number(threadsText);
  if (!/^\d+$/.test(threadsText) || renderThreads > 32) {
    throw new ConfigError(`VOLYA_RENDER_THREADS must be a whole number from 0 to 32, got "${threadsText}"`);
  }
  return {
    renderThreads,
    port,
    host,
    dbPath: dbPath === ':memory:' ? dbPath : path.resolve(dbPath),
    adminUser,
    adminPassword,
    logLevel,
    seedDemo: seedText === '1',
  };
}
