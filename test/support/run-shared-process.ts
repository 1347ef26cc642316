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

for (const [index, file] of process.argv.slice(2).entries()) {
  writeLine(formatMarker({ kind: 'start', index }));
  // Each file gets a fresh queue, so exec() runs (and sums up) this file's suites only.
  uvuGlobals.UVU_QUEUE = [[null]];
  uvuGlobals.UVU_INDEX = 0;
  const before = cpuSecondsSoFar();
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
  const after = cpuSecondsSoFar();
  writeLine(formatMarker({ kind: 'end', index, loaded, cpu: { self: after.self - before.self, children: after.children - before.children } }));
}
