// The whole-suite runner behind `npm test`: runs every *.test.ts file, a few processes at a time, and
// closes with the one line CI reads: `N passed, N failed[, N skipped]`. Most files run several to a
// shared process (test/support/run-shared-process.ts), which still reports, times and times out each
// file on its own; browser tests and the tooling's own tests get a process each. Test processes load
// TypeScript the way `npm start` does (core/gateway/bin/typescript-loader.mjs), but the tooling's, the
// browser and the admin UI's tests, which keep tsx.
//
//   npm test                       every file under core/*/test, plugins/*/test, admin-svelte/test and test/
//   npm test -- gateway openai     only files whose path contains one of the arguments
//
// Environment: CONDUIT_TEST_CONCURRENCY (default: the CPU count plus 2), CONDUIT_TEST_TIMEOUT_SECONDS (per file,
// default 300), CONDUIT_TEST_SHARED_PROCESSES=0 (every file in its own process, to rule out one file
// disturbing another), CONDUIT_TEST_ROOT (where to look for test files; for the runner's own tests).
//
// Each file's wall time and CPU time are printed with its result, and the slowest files at the end.
// The files that took longest last time start first (times kept in node_modules/.cache), so the run
// does not end waiting on one long file that started late.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, type Dirent } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseTestOutput, type TestFileOutcome, type TestFileResult } from '../test/support/parse-test-output.ts';
import type { CpuSeconds } from '../test/support/record-cpu-time.ts';
import { parseMarker } from '../test/support/shared-process-markers.ts';
import { expectedSeconds, recordTimes } from '../test/support/test-times.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SEARCH_ROOT = resolve(process.env.CONDUIT_TEST_ROOT ?? REPO_ROOT);
// More files than CPUs: a file spends part of its time waiting (servers and gateways starting, fsync,
// timers), and another file's work fills that gap.
const CONCURRENCY = positiveInteger('CONDUIT_TEST_CONCURRENCY', availableParallelism() + 2);
const TIMEOUT_SECONDS = positiveInteger('CONDUIT_TEST_TIMEOUT_SECONDS', 300);
const KILL_GRACE_MS = 5000;
const RECORD_CPU_TIME = join(REPO_ROOT, 'test/support/record-cpu-time.ts');
const RUN_SHARED_PROCESS = join(REPO_ROOT, 'test/support/run-shared-process.ts');
// Unlike tsx's loader worker, this loader runs in the loading thread and keeps compiled modules on
// disk: about a CPU second less for each test process. The tooling's own tests and the browser ones
// keep tsx, and so do the admin UI's, whose Svelte hooks (admin-svelte/test/support) chain behind it.
const KEEPS_TSX = /^admin-svelte\/|\.browser\.|\/type-check\.|^test\//;
const GATEWAY_LOADER = pathToFileURL(join(REPO_ROOT, 'core/gateway/bin/typescript-loader.mjs')).href;
const CLEAN_EXIT: TestFileOutcome = { exitCode: 0, signal: null, timedOut: false, timeoutSeconds: TIMEOUT_SECONDS };
const TIMES_FILE = join(REPO_ROOT, 'node_modules/.cache/conduit/test-times.json');
// Node.js (22.1 and later) keeps the V8 code of the modules it compiled there, keyed by their source, so
// the next test process skips compiling the same dependencies again; older versions ignore it.
const COMPILE_CACHE = join(REPO_ROOT, 'node_modules/.cache/conduit/node-compile-cache');
const SLOWEST_SHOWN = 25;
const SHARED_PROCESSES = process.env.CONDUIT_TEST_SHARED_PROCESSES !== '0';
// Browser tests and the admin UI's type check drive tools of their own, and the repository-level
// tests under test/ check the tooling itself (this runner, packaging, the services): each keeps a
// process of its own. The rest share one with their neighbours by path (a package's files share
// imports, the gateway's integration files the whole gateway).
const OWN_PROCESS = /\.browser\.|\/type-check\.|^test\//;
// A file whose opening lines carry this comment (with its reason) also keeps a process of its own.
const OWN_PROCESS_MARK = '// conduit-test: own process';
// Recorded seconds of files per shared process: enough to spread its start-up, few enough that
// the processes still share out among the workers.
const SHARED_PROCESS_SECONDS = 60;
// A file still running this long after its last output is waiting on something it left open.
const IDLE_TAIL_NOTE_SECONDS = 1;

interface FileTimes {
  seconds: number;
  /** CPU seconds of the file's process and the children it waited for; undefined when it died without saying. */
  cpuSeconds: number | undefined;
  /** Seconds from its last output to its exit. */
  idleTailSeconds: number;
}

interface FileRun extends FileTimes {
  file: string;
  result: TestFileResult;
}

const runningGroups = new Set<number>();

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    console.log(`${name}=${raw} is not a positive integer; using ${fallback}`);
    return fallback;
  }
  return value;
}

/** Every *.test.ts under core/*\/test, plugins/*\/test, bench/test, admin-svelte/test and test/, sorted, relative to SEARCH_ROOT. */
function findTestFiles(): string[] {
  const roots = [join(SEARCH_ROOT, 'test'), join(SEARCH_ROOT, 'bench', 'test'), join(SEARCH_ROOT, 'admin-svelte', 'test')];
  for (const group of ['core', 'plugins']) {
    for (const entry of safeReaddir(join(SEARCH_ROOT, group))) {
      if (entry.isDirectory() && entry.name !== 'node_modules') roots.push(join(SEARCH_ROOT, group, entry.name, 'test'));
    }
  }
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of safeReaddir(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(path);
      else if (entry.isFile() && entry.name.endsWith('.test.ts')) files.push(relative(SEARCH_ROOT, path).split(sep).join('/'));
    }
  };
  roots.forEach(walk);
  return files.sort();
}

function safeReaddir(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return []; // a package without a test/ folder
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the whole group is already gone.
  }
}

interface Segment {
  file: string;
  text: string;
  startedAt: number;
  lastOutputAt: number;
  /** Set by the shared process's end marker; until then the file is still running. */
  ended?: { at: number; loaded: boolean; cpuSeconds: number };
}

/**
 * Runs `files` in one process group, so a timeout or a crash can take their servers down with it: one
 * file in a process of its own, several in a shared process that marks where each begins and ends.
 * Calls `report` for each file as it is done, and returns the files the process never started (it
 * died, or timed out, in an earlier one), for the caller to run again elsewhere.
 */
function runJob(
  files: readonly string[],
  cpuFile: string,
  report: (file: string, output: string, result: TestFileResult, times: FileTimes) => void,
): Promise<string[]> {
  const shared = files.length > 1;
  const started = Date.now();
  const env: NodeJS.ProcessEnv = { NODE_COMPILE_CACHE: COMPILE_CACHE, ...process.env, NO_COLOR: '1', CONDUIT_TEST_CPU_FILE: cpuFile };
  delete env.FORCE_COLOR;
  const paths = files.map((file) => join(SEARCH_ROOT, file));
  const loader = files.some((file) => KEEPS_TSX.test(file)) ? 'tsx' : GATEWAY_LOADER;
  const child = spawn(process.execPath, ['--import', loader, '--import', RECORD_CPU_TIME, ...(shared ? [RUN_SHARED_PROCESS, ...paths] : paths)], {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid !== undefined) runningGroups.add(pid);

  // The file now running (or, after its end marker, the last that ran: what the process prints or
  // how it dies before the next file starts is still that file's).
  let current: Segment | undefined = shared ? undefined : { file: files[0]!, text: '', startedAt: started, lastOutputAt: started };
  let loose = ''; // printed before the first file started
  let startedCount = shared ? 0 : 1;
  let filesCpuSeconds = 0;
  let timedOut = false;
  let timeoutTimer: NodeJS.Timeout | undefined;
  let graceTimer: NodeJS.Timeout | undefined;
  const armTimeout = (): void => {
    clearTimeout(timeoutTimer);
    timeoutTimer = setTimeout(() => {
      if (pid === undefined) return;
      timedOut = true;
      killGroup(pid, 'SIGTERM');
      graceTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
    }, TIMEOUT_SECONDS * 1000);
  };
  armTimeout();

  const finish = (segment: Segment, outcome: TestFileOutcome, endedAt: number, cpuSeconds: number | undefined): void => {
    report(segment.file, segment.text, parseTestOutput(segment.text, outcome), {
      seconds: (endedAt - segment.startedAt) / 1000,
      cpuSeconds,
      idleTailSeconds: Math.max(0, endedAt - segment.lastOutputAt) / 1000,
    });
  };
  const onText = (text: string): void => {
    if (current === undefined) {
      loose += text;
      return;
    }
    current.text += text;
    current.lastOutputAt = Date.now();
  };
  const onLine = (line: string): void => {
    const marker = parseMarker(line.trimEnd());
    const now = Date.now();
    if (marker?.kind === 'start' && files[marker.index] !== undefined) {
      if (current?.ended) finish(current, { ...CLEAN_EXIT, exitCode: current.ended.loaded ? 0 : 1 }, current.ended.at, current.ended.cpuSeconds);
      current = { file: files[marker.index]!, text: loose, startedAt: now, lastOutputAt: now };
      loose = '';
      startedCount = marker.index + 1;
      armTimeout();
    } else if (marker?.kind === 'end' && current !== undefined && current.file === files[marker.index]) {
      const cpuSeconds = marker.cpu.self + marker.cpu.children;
      filesCpuSeconds += cpuSeconds;
      current.ended = { at: now, loaded: marker.loaded, cpuSeconds };
    } else {
      onText(line);
    }
  };
  let pending = '';
  const decoder = new StringDecoder('utf8');
  const collect = (chunk: Buffer): void => {
    if (!shared) {
      onText(decoder.write(chunk));
      return;
    }
    pending += decoder.write(chunk);
    for (let newline = pending.indexOf('\n'); newline !== -1; newline = pending.indexOf('\n')) {
      onLine(pending.slice(0, newline + 1));
      pending = pending.slice(newline + 1);
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  return new Promise((resolveRun) => {
    let exit: { code: number | null; signal: string | null } = { code: null, signal: null };
    child.on('error', (error) => {
      onText(`runner: could not start node: ${error.message}\n`);
      exit = { code: 127, signal: null };
    });
    let pipeTimer: NodeJS.Timeout | undefined;
    let exitedAt = Date.now();
    child.on('exit', (code, signal) => {
      exitedAt = Date.now();
      exit = { code, signal };
      clearTimeout(timeoutTimer);
      // Anything the file left running (a server it forgot) would hold the pipes open...
      if (pid !== undefined) killGroup(pid, 'SIGKILL');
      // ...and something that left the process group could hold them forever.
      pipeTimer = setTimeout(() => {
        onText('runner: a process outside the test file\'s group kept its output open\n');
        child.stdout.destroy();
        child.stderr.destroy();
      }, KILL_GRACE_MS);
    });
    child.on('close', () => {
      clearTimeout(timeoutTimer);
      clearTimeout(graceTimer);
      clearTimeout(pipeTimer);
      if (pid !== undefined) runningGroups.delete(pid);
      if (pending !== '') onText(pending);
      // The process's end belongs to the last file that ran; if none did, to the first.
      const last = current ?? { file: files[0]!, text: loose, startedAt: started, lastOutputAt: started };
      if (current === undefined) startedCount = 1;
      const processCpu = readCpuSeconds(cpuFile);
      // The last file's CPU includes the process's own start and end, as a file alone in a process does.
      const lastCpu = processCpu === undefined ? last.ended?.cpuSeconds : processCpu - (filesCpuSeconds - (last.ended?.cpuSeconds ?? 0));
      const outcome = { exitCode: exit.code, signal: exit.signal, timedOut, timeoutSeconds: TIMEOUT_SECONDS };
      finish({ ...last, lastOutputAt: Math.min(last.lastOutputAt, exitedAt) }, outcome, exitedAt, lastCpu);
      resolveRun(files.slice(startedCount));
    });
  });
}

function readCpuSeconds(cpuFile: string): number | undefined {
  try {
    const { self, children } = JSON.parse(readFileSync(cpuFile, 'utf8')) as CpuSeconds;
    return self + children;
  } catch {
    return undefined; // killed, or crashed before the hook was loaded
  }
}

function timesText(times: FileTimes): string {
  const cpu = times.cpuSeconds === undefined ? '' : `, ${times.cpuSeconds.toFixed(1)} s CPU`;
  const idle = times.idleTailSeconds >= IDLE_TAIL_NOTE_SECONDS ? `, ${times.idleTailSeconds.toFixed(1)} s idle after its last output` : '';
  return `${times.seconds.toFixed(1)} s${cpu}${idle}`;
}

function statusOf(result: TestFileResult): string {
  if (result.failed > 0) return 'FAIL';
  if (result.passed === 0 && result.skipped > 0) return 'SKIP';
  return 'PASS';
}

function countsText(passed: number, failed: number, skipped: number): string {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

function printFile(file: string, output: string, result: TestFileResult, times: FileTimes): void {
  const counts = countsText(result.passed, result.failed, result.skipped);
  const lines = [`=== ${statusOf(result)} ${file} (${counts}; ${timesText(times)})`];
  const body = output.replace(/\r\n/g, '\n').replace(/\s+$/, '');
  if (body !== '') lines.push(body);
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

function printRecap(runs: readonly FileRun[], totalSeconds: number, processes: { total: number; shared: number }): void {
  const skips = runs.filter((run) => run.result.skipReasons.length > 0);
  if (skips.length > 0) {
    console.log('Skipped:');
    for (const run of skips) for (const reason of run.result.skipReasons) console.log(`  ${run.file}: ${reason}`);
  }
  const failures = runs.filter((run) => run.result.failed > 0);
  if (failures.length > 0) {
    console.log('Failed:');
    for (const run of failures) {
      console.log(`  ${run.file} (${run.result.failed} failed)`);
      for (const note of run.result.failureNotes) console.log(`    ${note}`);
    }
  }
  const slowest = [...runs].sort((a, b) => b.seconds - a.seconds).slice(0, SLOWEST_SHOWN);
  if (slowest.length > 1) {
    console.log(`Slowest ${slowest.length} file(s):`);
    const width = Math.max(...slowest.map((run) => timesText(run).length));
    for (const run of slowest) console.log(`  ${timesText(run).padEnd(width)}  ${run.file}`);
  }
  const fileSeconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  const cpuSeconds = runs.reduce((sum, run) => sum + (run.cpuSeconds ?? 0), 0);
  console.log(
    `Ran ${runs.length} test file(s) in ${totalSeconds.toFixed(1)} s ` +
      `(files' own times add up to ${fileSeconds.toFixed(1)} s, their CPU time to ${cpuSeconds.toFixed(1)} s, ${CONCURRENCY} at a time; ` +
      `${processes.total} process(es), ${processes.shared} of them shared by several files)`,
  );
}

function asksForOwnProcess(file: string): boolean {
  try {
    return readFileSync(join(SEARCH_ROOT, file), 'utf8').slice(0, 2000).includes(OWN_PROCESS_MARK);
  } catch {
    return false; // unreadable: its run will say why
  }
}

/** The files in groups that each run in one process, the longest (by recorded seconds) first. */
function planProcesses(files: readonly string[]): string[][] {
  const seconds = expectedSeconds(TIMES_FILE);
  const groups: string[][] = [];
  let shared: string[] = [];
  let sharedSeconds = 0;
  for (const file of files) {
    if (!SHARED_PROCESSES || OWN_PROCESS.test(file) || asksForOwnProcess(file)) {
      groups.push([file]);
      continue;
    }
    if (shared.length > 0 && sharedSeconds + seconds(file) > SHARED_PROCESS_SECONDS) {
      groups.push(shared);
      shared = [];
      sharedSeconds = 0;
    }
    shared.push(file);
    sharedSeconds += seconds(file);
  }
  if (shared.length > 0) groups.push(shared);
  const groupSeconds = (group: readonly string[]): number => group.reduce((sum, file) => sum + seconds(file), 0);
  return groups.sort((a, b) => groupSeconds(b) - groupSeconds(a) || a[0]!.localeCompare(b[0]!));
}

async function main(): Promise<number> {
  const filters = process.argv.slice(2).filter((arg) => arg !== '');
  const all = findTestFiles();
  const files = filters.length === 0 ? all : all.filter((file) => filters.some((filter) => file.includes(filter)));
  const filterNote = filters.length > 0 ? ` matching ${filters.map((filter) => JSON.stringify(filter)).join(' or ')}` : '';
  console.log(`Running ${files.length} of ${all.length} test file(s)${filterNote}, ${CONCURRENCY} at a time, ${TIMEOUT_SECONDS} s timeout each\n`);

  const started = Date.now();
  const runs: FileRun[] = [];
  const queue = planProcesses(files);
  const processes = { total: queue.length, shared: queue.filter((group) => group.length > 1).length };
  const cpuDir = mkdtempSync(join(tmpdir(), 'conduit-test-cpu-'));
  let processNumber = 0;
  const worker = async (): Promise<void> => {
    for (let group = queue.shift(); group !== undefined; group = queue.shift()) {
      const unstarted = await runJob(group, join(cpuDir, `${++processNumber}.json`), (file, output, result, times) => {
        printFile(file, output, result, times);
        runs.push({ file, result, ...times });
      });
      // Left behind by a file that crashed or hung its shared process: they get a fresh one.
      if (unstarted.length > 0) {
        queue.unshift(unstarted);
        processes.total++;
        if (unstarted.length > 1) processes.shared++;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, Math.max(queue.length, 1)) }, worker));
  } finally {
    rmSync(cpuDir, { recursive: true, force: true });
  }
  if (SEARCH_ROOT === REPO_ROOT) recordTimes(TIMES_FILE, runs, { allFiles: filters.length === 0 });

  runs.sort((a, b) => a.file.localeCompare(b.file));
  printRecap(runs, (Date.now() - started) / 1000, processes);
  const passed = runs.reduce((sum, run) => sum + run.result.passed, 0);
  const failed = runs.reduce((sum, run) => sum + run.result.failed, 0);
  const skipped = runs.reduce((sum, run) => sum + run.result.skipped, 0);
  if (passed + failed === 0) console.log('No test ran: that counts as a failed run.');
  console.log(countsText(passed, failed, skipped));
  return failed > 0 || passed + failed === 0 ? 1 : 0;
}

// Children run in their own process groups, so Ctrl-C or a CI kill must be passed on to them.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const pid of runningGroups) killGroup(pid, 'SIGTERM');
    setTimeout(() => {
      for (const pid of runningGroups) killGroup(pid, 'SIGKILL');
      process.exit(130);
    }, 2000).unref();
  });
}
process.on('exit', () => {
  for (const pid of runningGroups) killGroup(pid, 'SIGKILL');
});

process.exitCode = await main();
