import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.js';

describe('configuration', () => {
  it('has safe defaults: loopback only, port 3000', () => {
    const c = loadConfig({});
    expect(c.host).toBe('127.0.0.1');
    expect(c.port).toBe(3000);
    expect(c.dbPath.endsWith('data/volya.db')).toBe(true);
    expect(c.adminUser).toBe('admin');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ VOLYA_ADMIN_PASSWORD: 'short' }, 'VOLYA_ADMIN_PASSWORD'],
    [{ VOLYA_ADMIN_USER: 'a b' }, 'VOLYA_ADMIN_USER'],
    [{ VOLYA_DEMO: 'yes' }, 'VOLYA_DEMO'],
    [{ VOLYA_RENDER_THREADS: '-1' }, 'VOLYA_RENDER_THREADS'],
  ])('rejects %o naming the variable', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});
