/**
 * Runs several uvu test files one after another in this one process (scripts/run-tests.ts starts it
 * with their absolute paths): starting Node.js, tsx and the imports the files share costs more CPU
 * than most unit test files' own tests. Each file's output is framed by marker lines
 * (shared-process-markers.ts) and ends with its own uvu summary, so the runner still reports, times
 * and times out each file on its own.
 */
import { pathToFileURL } from 'node:url';
import { formatMarker } from './shared-process-markers.ts';
import { cpuSecondsSoFar } from './record-cpu-time.ts';

type UvuQueue = unknown[][];
const uvuGlobals = globalThis as { UVU_DEFER?: number; UVU_QUEUE?: UvuQueue; UVU_INDEX?: number };

// uvu's CLI mode: test.run() queues a file's suites for exec() instead of running them on a timer.
// Must be set before uvu is first imported.
uvuGlobals.UVU_DEFER = 1;
const { exec } = await import('uvu');

// One stream, so that a file's errors stay between its markers.
process.stderr.write = process.stdout.write.bind(process.stdout) as typeof process.stderr.write;

const writeLine = (line: string): void => void process.stdout.write(`\n${line}\n`);
// Alone, a file that leaves something running keeps its process up until the runner's timeout; here
// the process would hang after a later file instead, so each file's leftovers are named with it, and
// a process still up this long after its last file fails that file, naming the ones that left them.
const EXIT_GRACE_MS = 1000 * (Number(process.env.CONDUIT_TEST_SHARED_EXIT_GRACE_SECONDS) || 30);
const leftovers: string[] = [];

/** Active handles and requests by kind (timers, sockets, child processes…), but file system calls, which finish on their own. */
function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) if (!kind.startsWith('FSReq')) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

function added(before: Map<string, number>, after: Map<string, number>): string {
  const more = [...after].filter(([kind, count]) => count > (before.get(kind) ?? 0)).map(([kind, count]) => `${kind} x${count - (before.get(kind) ?? 0)}`);
  return more.join(', ');
}

const files = process.argv.slice(2);
for (const [index, file] of files.entries()) {
  writeLine(formatMarker({ kind: 'start', index }));
  // Each file gets a fresh queue, so exec() runs (and sums up) this file's suites only.
  uvuGlobals.UVU_QUEUE = [[null]];
  uvuGlobals.UVU_INDEX = 0;
  const before = cpuSecondsSoFar();
  const resourcesBefore = activeResources();
  let loaded = true;
  try {
    await import(pathToFileURL(file).href);
    // A file that never calls test.run() prints no summary on its own either; the runner fails it.
    if (uvuGlobals.UVU_QUEUE.some((group) => group.length > 1)) await exec();
  } catch (error) {
    loaded = false;
    console.error(error instanceof Error && error.stack ? error.stack : error);
  }
  // uvu sets the exit code for its own file; the runner reads each file's result from its summary.
  process.exitCode = 0;
  // Closing sockets and processes finish on the next turns of the event loop.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const left = added(resourcesBefore, activeResources());
  if (left !== '') {
    console.log(`conduit-note: still running after this file's tests: ${left}`);
    leftovers.push(`${file} (${left})`);
  }
  const after = cpuSecondsSoFar();
  writeLine(formatMarker({ kind: 'end', index, loaded, cpu: { self: after.self - before.self, children: after.children - before.children } }));
}

setTimeout(() => {
  console.log(`the shared process was still running ${EXIT_GRACE_MS / 1000} s after its last file (${process.getActiveResourcesInfo().join(', ')});`);
  console.log(`files that left something running: ${leftovers.join('; ') || 'none noticed'}`);
  process.exit(1);
}, EXIT_GRACE_MS).unref();
