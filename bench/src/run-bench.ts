/**
 * `npm run bench`: measures the gateway against direct-to-upstream and a bare Node.js proxy (the
 * floor), writes the run as JSON under bench/results/ and prints a Markdown table. See bench/README.md.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchProfiles } from './bench-profiles.ts';
import { runUsageRollupsBench } from './analytics/usage-rollups-bench.ts';
import { runAudioBench } from './audio/audio-bench.ts';
import { runAutocannon } from './load/run-autocannon.ts';
import { runWrk, wrkAvailable } from './load/run-wrk.ts';
import { processStatsAvailable } from './measure/process-stats.ts';
import { runBenchmark } from './measure/run-benchmark.ts';
import { parseBenchArgs, usage } from './parse-bench-args.ts';
import { formatProfileSummary } from './profile/summarize-cpu-profile.ts';
import { runCpuProfile } from './profile/run-cpu-profile.ts';
import type { BenchRun } from './report/bench-run.ts';
import { formatTable } from './report/format-table.ts';
import { writeRun } from './report/write-run.ts';

const benchRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const startedAt = performance.now();
const log = (line: string): void => {
  process.stderr.write(`[bench ${((performance.now() - startedAt) / 1000).toFixed(1)}s] ${line}\n`);
};

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2), benchRoot);
  if (args.help) {
    process.stdout.write(usage);
    return;
  }
  if (args.print) {
    process.stdout.write(`${formatTable(JSON.parse(readFileSync(args.print, 'utf8')) as BenchRun)}\n`);
    return;
  }
  if (args.usageRollups) {
    process.stdout.write(await runUsageRollupsBench({ ...args.usageRollups, outDir: args.outDir, log }));
    return;
  }
  if (args.audio) {
    process.stdout.write(await runAudioBench({ ...args.audio, outDir: args.outDir, gatewayEnv: args.gatewayEnv, log }));
    return;
  }
  if (!processStatsAvailable()) log('no /proc here: CPU and memory figures will be missing (Linux only)');
  const loadGenerator = args.load ?? (wrkAvailable() ? 'wrk' : 'autocannon');
  if (loadGenerator === 'wrk' && !wrkAvailable()) throw new Error('--load wrk: wrk is not on PATH (Debian: apt-get install wrk)');

  if (args.cpuProfile) {
    const runLoad = loadGenerator === 'wrk' ? runWrk : runAutocannon;
    const result = await runCpuProfile({ seconds: args.profileSeconds, runLoad, gatewayEnv: args.gatewayEnv, limits: args.limits, log });
    const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-');
    mkdirSync(args.outDir, { recursive: true });
    const file = path.join(args.outDir, `${stamp}-profile.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    const rps = (load: { requestsPerSecond: number }): string => Math.round(load.requestsPerSecond).toLocaleString('en-US');
    process.stdout.write(
      [
        `Gateway CPU profile (${loadGenerator}, c=50; the profiler itself slows the gateway down). Profile: ${result.profileFile}`,
        '',
        formatProfileSummary(`Non-stream, ${rps(result.loads.nonStream)} req/s under the profiler`, result.nonStream),
        formatProfileSummary(`Stream (64 chunks, unpaced), ${rps(result.loads.stream)} req/s under the profiler`, result.stream),
      ].join('\n'),
    );
    log(`summary written to ${path.relative(process.cwd(), file)}`);
    return;
  }

  const profile = { ...benchProfiles[args.mode], ...(args.rounds ? { rounds: args.rounds } : {}) };
  const run = await runBenchmark({ profile, loadGenerator, gatewayEnv: args.gatewayEnv, limits: args.limits, log });
  const file = writeRun(run, args.outDir);
  process.stdout.write(`${formatTable(run)}\n`);
  log(`results written to ${path.relative(process.cwd(), file) || file}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
