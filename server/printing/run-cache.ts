/**
 * Built runs kept in this process's memory only (never on disk), each until its retention time ends. It
 * lets an organizer download a run and print a jammed run again on purpose; once the time is up, or the
 * server restarts, a printed run's pages are gone with the rest of its content.
 */
import type { BuiltRun } from '../pdf/print-run.js';

interface Entry {
  built: BuiltRun;
  /** Queue item ids the run was built from: a different set (an item held since) means rebuild. */
  key: string;
  expiresAt: number;
}

export class RunCache {
  private readonly runs = new Map<number, Entry>();

  get(runId: number, key?: string, now = Date.now()): BuiltRun | undefined {
    const e = this.runs.get(runId);
    if (!e || e.expiresAt <= now) {
      this.runs.delete(runId);
      return undefined;
    }
    return key === undefined || e.key === key ? e.built : undefined;
  }

  set(runId: number, key: string, built: BuiltRun, expiresAt: number): void {
    this.runs.set(runId, { built, key, expiresAt });
  }

  /** Drops runs whose retention has ended. */
  prune(now = Date.now()): void {
    for (const [id, e] of this.runs) if (e.expiresAt <= now) this.runs.delete(id);
  }

  delete(runId: number): void {
    this.runs.delete(runId);
  }

  clear(): void {
    this.runs.clear();
  }
}
