/**
 * A fixed-concurrency run with wrk (Debian's `wrk` package), when it is on PATH. A Lua script sets
 * the POST body and prints exact microsecond percentiles as JSON, so no unit parsing is needed.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LoadResult, LoadTarget } from './load-target.ts';

export function wrkAvailable(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk prints its version and exits with status 1; only a missing binary is ENOENT.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

function luaString(text: string): string {
  let level = '';
  while (text.includes(`]${level}]`)) level += '=';
  return `[${level}[${text}]${level}]`;
}

export function wrkScript(target: LoadTarget): string {
  const headers = { 'Content-Type': 'application/json', ...target.headers };
  return [
    'wrk.method = "POST"',
    `wrk.body = ${luaString(target.body)}`,
    ...Object.entries(headers).map(([name, value]) => `wrk.headers[ ${luaString(name)} ] = ${luaString(value)}`),
    'done = function(summary, latency, requests)',
    '  local e = summary.errors',
    '  io.write(string.format("WRK_JSON {\\"requests\\":%.0f,\\"durationUs\\":%.0f,\\"p50Us\\":%.0f,\\"p99Us\\":%.0f,' +
      '\\"connect\\":%.0f,\\"read\\":%.0f,\\"write\\":%.0f,\\"status\\":%.0f,\\"timeout\\":%.0f}\\n",',
    '    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),',
    '    e.connect, e.read, e.write, e.status, e.timeout))',
    'end',
  ].join('\n');
}

interface WrkSummary {
  requests: number;
  durationUs: number;
  p50Us: number;
  p99Us: number;
  connect: number;
  read: number;
  write: number;
  status: number;
  timeout: number;
}

export function parseWrkOutput(output: string): WrkSummary {
  const line = output.split('\n').find((candidate) => candidate.startsWith('WRK_JSON '));
  if (!line) throw new Error(`wrk printed no summary:\n${output.slice(-2000)}`);
  return JSON.parse(line.slice('WRK_JSON '.length)) as WrkSummary;
}

export async function runWrk(target: LoadTarget, connections: number, seconds: number): Promise<LoadResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'conduit-bench-wrk-'));
  const script = path.join(dir, 'post.lua');
  writeFileSync(script, wrkScript(target));
  try {
    // One thread: enough to saturate any candidate here, and it leaves the second core to them.
    const args = ['-t1', `-c${connections}`, `-d${Math.max(1, Math.round(seconds))}s`, '--timeout', '30s', '-s', script, `${target.origin}${target.path}`];
    const output = await new Promise<string>((resolve, reject) => {
      execFile('wrk', args, { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`wrk failed: ${error.message}\n${stderr}`));
        else resolve(stdout);
      });
    });
    const summary = parseWrkOutput(output);
    const errors = summary.connect + summary.read + summary.write + summary.status + summary.timeout;
    const elapsed = summary.durationUs / 1e6;
    const ok = Math.max(0, summary.requests - summary.status);
    return {
      tool: 'wrk',
      connections,
      seconds: elapsed,
      requests: ok,
      requestsPerSecond: ok / elapsed,
      p50Ms: summary.p50Us / 1000,
      p99Ms: summary.p99Us / 1000,
      errors,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
