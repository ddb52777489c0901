/**
 * Long form of the crash-safety check: 200 SIGKILLs at random moments while organizer edits stream in.
 * npm run bench:crash [-- --kills 200]. Last line: one JSON object.
 */
import { runCrashLoop } from '../test/crash/crash-loop.js';

const kills = Number(process.argv[process.argv.indexOf('--kills') + 1]) || 200;
const started = performance.now();
const report = await runCrashLoop(kills, (line) => {
  if (/kill (\d+)\//.exec(line) && Number(/kill (\d+)\//.exec(line)![1]) % 20 === 0) console.log(line);
});
const seconds = Math.round((performance.now() - started) / 1000);
console.log(`kills survived: ${report.kills}; acknowledged edits: ${report.acknowledged}; acknowledged imports: ${report.imports}; cut off by a kill (unacknowledged): ${report.sentUnacknowledged}; lost: ${report.lost.length}; integrity_check: ${report.integrity.join(',')}; ${seconds} s`);
console.log(JSON.stringify({ kills: report.kills, acknowledged: report.acknowledged, imports: report.imports, lost: report.lost.length, integrity: report.integrity.join(','), seconds }));
if (report.lost.length || report.integrity.join() !== 'ok') process.exit(1);
