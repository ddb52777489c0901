/**
 * Printing through the local CUPS with its command-line clients (lpstat, lp), run by execFile/spawn with
 * arguments — never a shell — and the C locale so their answers can be read. Without CUPS installed every
 * call reports `absent` and the UI keeps to browser printing.
 */
import { execFile, spawn } from 'node:child_process';

export interface CupsCommands {
  lp: string;
  lpstat: string;
}

export const systemCups: CupsCommands = { lp: 'lp', lpstat: 'lpstat' };

export class PrinterError extends Error {
  constructor(
    message: string,
    /** absent: no CUPS here; unavailable: printer gone or not accepting; failed: anything else lp said. */
    readonly reason: 'absent' | 'unavailable' | 'failed',
  ) {
    super(message);
  }
}

const ENV = { ...process.env, LANG: 'C', LC_ALL: 'C' };
const TIMEOUT_MS = 15_000;

function run(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { env: ENV, timeout: TIMEOUT_MS }, (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(new PrinterError('CUPS is not installed on this computer', 'absent'));
      }
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

export interface PrinterInfo {
  name: string;
  /** idle, printing or disabled, as lpstat says. */
  state: string;
  /** lpstat's own line, for the organizer to read. */
  description: string;
}

export interface PrinterList {
  printers: PrinterInfo[];
  systemDefault: string | null;
}

/** Printers known to CUPS and the system default (`lpstat -p -d`). */
export async function listPrinters(cmds: CupsCommands = systemCups): Promise<PrinterList> {
  const { code, stdout, stderr } = await run(cmds.lpstat, ['-p', '-d']);
  const printers: PrinterInfo[] = [];
  let systemDefault: string | null = null;
  for (const line of stdout.split('\n')) {
    const p = /^printer (\S+) (?:is )?(idle|now printing|disabled)/.exec(line);
    if (p) printers.push({ name: p[1]!, state: p[2] === 'now printing' ? 'printing' : p[2]!, description: line.trim() });
    const d = /^system default destination: (\S+)/.exec(line);
    if (d) systemDefault = d[1]!;
  }
  // With no queues lpstat exits 1 ("No destinations added"); a stopped scheduler is an error worth showing.
  if (code !== 0 && /scheduler|connect/i.test(stderr)) {
    throw new PrinterError(`CUPS is installed but not running (lpstat: ${stderr.trim()})`, 'unavailable');
  }
  return { printers, systemDefault };
}

/** True when the lpstat client exists; the print feature is hidden otherwise. */
export async function cupsInstalled(cmds: CupsCommands = systemCups): Promise<boolean> {
  try {
    await run(cmds.lpstat, ['-r']);
    return true;
  } catch (e) {
    if (e instanceof PrinterError && e.reason === 'absent') return false;
    throw e;
  }
}

export interface PrintJob {
  printer: string;
  pdf: Uint8Array;
  title: string;
  copies: number;
  duplex: boolean;
  /** CUPS media name: A4, Letter, Env10, EnvDL, EnvC5, EnvC6. */
  media: string;
}

/** Sends a PDF to a printer with `lp`, the document on stdin; returns the CUPS job id (e.g. volya-pdf-12). */
export function sendToPrinter(job: PrintJob, cmds: CupsCommands = systemCups): Promise<string> {
  const args = [
    '-d', job.printer,
    '-n', String(job.copies),
    '-o', `sides=${job.duplex ? 'two-sided-long-edge' : 'one-sided'}`,
    '-o', `media=${job.media}`,
    '-t', job.title,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(cmds.lp, args, { env: ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(err.code === 'ENOENT' ? new PrinterError('CUPS is not installed on this computer', 'absent') : new PrinterError(`lp could not start: ${err.message}`, 'failed'));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const id = /request id is (\S+)/.exec(stdout)?.[1];
      if (code === 0 && id) return resolve(id);
      const said = stderr.trim() || stdout.trim() || `exit code ${code}`;
      const gone = /does not exist|not accepting|unknown|not found/i.test(said);
      reject(new PrinterError(gone ? `Printer "${job.printer}" is not available: ${said}` : `Printing failed: ${said}`, gone ? 'unavailable' : 'failed'));
    });
    // A printer that vanishes closes the pipe early; the close handler reports it.
    child.stdin.on('error', () => {});
    child.stdin.end(Buffer.from(job.pdf));
  });
}

export type JobState = 'pending' | 'completed' | 'unknown';

/** Where a job stands: still in the queue (`lpstat -o`), done (`lpstat -W completed -o`), or not known. */
export async function jobState(printer: string, jobId: string, cmds: CupsCommands = systemCups): Promise<JobState> {
  const has = (out: string) => out.split('\n').some((l) => l.split(/\s+/)[0] === jobId);
  const pending = await run(cmds.lpstat, ['-o', printer]);
  if (has(pending.stdout)) return 'pending';
  const done = await run(cmds.lpstat, ['-W', 'completed', '-o', printer]);
  return has(done.stdout) ? 'completed' : 'unknown';
}
