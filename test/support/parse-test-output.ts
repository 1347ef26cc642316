/** How one test file's process ended, as seen by the runner. */
export interface TestFileOutcome {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  timeoutSeconds: number;
}

/** What one test file contributed to the run, read from its output and how it ended. */
export interface TestFileResult {
  passed: number;
  failed: number;
  skipped: number;
  /** Reasons given on `conduit-skip: <reason>` lines. */
  skipReasons: string[];
  /** Lines that explain the failures: uvu's FAIL headers with their messages, or why the file died. */
  failureNotes: string[];
}

// uvu prints these three lines together at the end of a run (see uvu's exec()).
const SUMMARY = /^\s*Total:\s+(\d+)\s*\n\s*Passed:\s+(\d+)\s*\n\s*Skipped:\s+(\d+)\s*$/gm;
const SKIP_LINE = /^\s*conduit-skip:\s*(.*?)\s*$/gm;
const FAIL_HEADER = /^\s*FAIL\s/;
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * Counts a file's tests from uvu's summary lines and `conduit-skip:` lines. A file that exits
 * non-zero, times out or prints no summary counts as at least one failure, so a crash is never silent.
 */
export function parseTestOutput(rawOutput: string, outcome: TestFileOutcome): TestFileResult {
  const output = rawOutput.replace(ANSI, '').replace(/\r\n/g, '\n');
  let total = 0;
  let passed = 0;
  let uvuSkipped = 0;
  let summaries = 0;
  for (const match of output.matchAll(SUMMARY)) {
    summaries++;
    total += Number(match[1]);
    passed += Number(match[2]);
    uvuSkipped += Number(match[3]);
  }
  const skipReasons = [...output.matchAll(SKIP_LINE)].map((match) => match[1] || '(no reason given)');

  let failed = Math.max(0, total - passed);
  const failureNotes = failHeaders(output);
  if (failed > 0 && failureNotes.length === 0) {
    // uvu returns from a `finally`, which swallows an error thrown by a before/after hook.
    failureNotes.push(`uvu counted ${failed} test(s) as not passed without a FAIL report: a before() or after() hook probably threw (uvu hides hook errors)`);
  }
  const death = describeDeath(outcome, summaries > 0, failed > 0);
  if (death !== undefined) {
    failed = Math.max(failed, 1);
    failureNotes.push(death, ...errorExcerpt(output).map((line) => `  ${line}`));
  }
  return { passed, failed, skipped: uvuSkipped + skipReasons.length, skipReasons, failureNotes };
}

function describeDeath(outcome: TestFileOutcome, hasSummary: boolean, testsFailed: boolean): string | undefined {
  if (outcome.timedOut) return `timed out after ${outcome.timeoutSeconds} s (process tree killed)`;
  if (outcome.signal !== null) return `killed by ${outcome.signal}`;
  if (outcome.exitCode !== 0) {
    if (testsFailed) return undefined; // uvu's own exit code for failed tests, already explained
    const when = hasSummary ? ' after all its tests passed' : ' without printing a uvu summary';
    return `exited with code ${outcome.exitCode}${when}`;
  }
  if (!hasSummary) return 'exited with code 0 but printed no uvu summary (Total:/Passed:/Skipped:)';
  return undefined;
}

/** uvu's `FAIL "test name"` header lines, each followed by its assertion message line. */
function failHeaders(output: string): string[] {
  const lines = output.split('\n');
  const notes: string[] = [];
  lines.forEach((line, index) => {
    if (!FAIL_HEADER.test(line)) return;
    notes.push(line.trim().replace(/\s{2,}/g, ' '));
    const message = lines[index + 1]?.trim();
    if (message) notes.push(`  ${message}`);
  });
  return notes;
}

const ERROR_LINE = /^\s*(?:Uncaught )?[A-Za-z]*(?:Error|Exception)\b.*\S/;
const NODE_VERSION_LINE = /^Node\.js v\d/;

/** The last thrown error's line and its first stack frame, else the last few lines of output. */
function errorExcerpt(output: string): string[] {
  const lines = output
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '' && !NODE_VERSION_LINE.test(line));
  const errorIndex = lines.findLastIndex((line) => ERROR_LINE.test(line));
  if (errorIndex === -1) return lines.slice(-6);
  return lines.slice(errorIndex, errorIndex + 2).map((line) => line.trim());
}
