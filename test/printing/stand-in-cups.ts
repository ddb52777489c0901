/**
 * A stand-in for the CUPS command-line clients, for the main suite (the real cupsd is tested by
 * `npm run test:cups`): `lpstat` lists one printer, `lp` stores each job's PDF in a folder and answers like
 * CUPS. Writing a number into `failAfter` makes lp fail, as for a printer that vanished, after that many jobs.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CupsCommands } from '../../server/printing/cups.js';
import { tempDir } from '../helpers.js';

export interface StandInCups {
  commands: CupsCommands;
  printer: string;
  /** PDFs received, in order. */
  jobs(): Buffer[];
  failAfter(jobs: number | null): void;
  /** Arguments each lp call got. */
  args(): string[][];
}

export function standInCups(printer = 'stand-in'): StandInCups {
  const dir = tempDir('volya-cups-');
  const lpstat = path.join(dir, 'lpstat');
  const lp = path.join(dir, 'lp');
  fs.writeFileSync(
    lpstat,
    `#!/bin/sh\ncase "$*" in\n  *-p*) echo "printer ${printer} is idle.  enabled since Thu 01 Jan 2026"; echo "system default destination: ${printer}";;\n  -r) echo "scheduler is running";;\nesac\nexit 0\n`,
    { mode: 0o755 },
  );
  fs.writeFileSync(
    lp,
    `#!/bin/sh
n=$(ls "${dir}" | grep -c '^job-.*\\.pdf$')
if [ -f "${dir}/fail-after" ] && [ "$n" -ge "$(cat "${dir}/fail-after")" ]; then
  cat >/dev/null; echo "lp: The printer or class does not exist." >&2; exit 1
fi
n=$((n+1))
printf '%s\\n' "$*" > "${dir}/args-$n.txt"
cat > "${dir}/job-$n.pdf"
echo "request id is ${printer}-$n (0 file(s))"
`,
    { mode: 0o755 },
  );
  const numbered = (prefix: string, ext: string) =>
    fs
      .readdirSync(dir)
      .filter((f) => f.startsWith(prefix) && f.endsWith(ext))
      .sort((a, b) => parseInt(a.slice(prefix.length), 10) - parseInt(b.slice(prefix.length), 10))
      .map((f) => path.join(dir, f));
  return {
    commands: { lp, lpstat },
    printer,
    jobs: () => numbered('job-', '.pdf').map((f) => fs.readFileSync(f)),
    args: () => numbered('args-', '.txt').map((f) => fs.readFileSync(f, 'utf8').trim().split(' ')),
    failAfter(jobs) {
      const f = path.join(dir, 'fail-after');
      if (jobs === null) fs.rmSync(f, { force: true });
      else fs.writeFileSync(f, String(jobs));
    },
  };
}

/** CUPS commands that do not exist: a machine without CUPS. */
export const noCups: CupsCommands = { lp: '/nonexistent/lp', lpstat: '/nonexistent/lpstat' };
