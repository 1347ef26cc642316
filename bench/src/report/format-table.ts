/**
 * The run as Markdown: a header line, the figures per candidate, and the issue's targets. Printed
 * at the end of a run and meant to be pasted into the README as is.
 */
import { candidateNames, type CandidateName } from '../measure/candidate.ts';
import type { BenchRun, CandidateSummary } from './bench-run.ts';

const columns: Record<CandidateName, string> = { direct: 'Direct to upstream', floor: 'Floor proxy (node:http)', gateway: 'Conduit gateway' };

function integer(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : Math.round(value).toLocaleString('en-US');
}

function ms(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

function signed(value: number | null | undefined, digits: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;
}

function ratio(gateway: number | null | undefined, floor: number | null | undefined): string {
  if (gateway === null || gateway === undefined || floor === null || floor === undefined || !floor || !Number.isFinite(gateway / floor)) return '';
  return `${(gateway / floor).toFixed(2)}x`;
}

type Row = [label: string, cell: (summary: CandidateSummary, name: CandidateName) => string, compare?: (summary: CandidateSummary) => number | null];

export function formatTable(run: BenchRun): string {
  const { summary } = run;
  const loadDigits = run.settings.loadGenerator === 'wrk' ? 2 : 0;
  const [firstMark, lastMark] = run.settings.profile.soakMarksSeconds;
  const pacedLevel = summary.gateway.pacedStreams?.level ?? run.settings.profile.streamLevels[0];
  const rows: Row[] = [
    ['Requests/s, c=50, non-stream', (s) => integer(s.requestsPerSecond.c50NonStream), (s) => s.requestsPerSecond.c50NonStream],
    ['Requests/s, c=50, stream (64 chunks, unpaced)', (s) => integer(s.requestsPerSecond.c50Stream), (s) => s.requestsPerSecond.c50Stream],
    ['Requests/s, c=50, upstream answering in 20 ms', (s) => integer(s.requestsPerSecond.c50Delay20), (s) => s.requestsPerSecond.c50Delay20],
    ['Latency p50 / p99, c=1, non-stream (ms)', (s) => `${ms(s.c1LatencyMs.p50, 3)} / ${ms(s.c1LatencyMs.p99, 3)}`],
    ['Added latency over direct, p50 / p99, c=1 (ms)', (s) => (s.c1AddedMs ? `${signed(s.c1AddedMs.p50, 3)} / ${signed(s.c1AddedMs.p99, 3)}` : '—'), (s) => s.c1AddedMs?.p50 ?? null],
    ['Latency p50 / p99, c=50, non-stream (ms)', (s) => `${ms(s.c50LatencyMs.c50NonStream.p50, loadDigits)} / ${ms(s.c50LatencyMs.c50NonStream.p99, loadDigits)}`],
    ['Latency p50 / p99, c=50, stream (ms)', (s) => `${ms(s.c50LatencyMs.c50Stream.p50, loadDigits)} / ${ms(s.c50LatencyMs.c50Stream.p99, loadDigits)}`],
    ['Latency p50 / p99, c=50, upstream 20 ms (ms)', (s) => `${ms(s.c50LatencyMs.c50Delay20.p50, loadDigits)} / ${ms(s.c50LatencyMs.c50Delay20.p99, loadDigits)}`],
    ['Proxy CPU per request, non-stream (µs)', (s) => integer(s.proxyCpuUsPerRequest.c50NonStream), (s) => s.proxyCpuUsPerRequest.c50NonStream],
    ['Proxy CPU per request, stream (µs)', (s) => integer(s.proxyCpuUsPerRequest.c50Stream), (s) => s.proxyCpuUsPerRequest.c50Stream],
    ['Proxy CPU per request, upstream 20 ms (µs)', (s) => integer(s.proxyCpuUsPerRequest.c50Delay20), (s) => s.proxyCpuUsPerRequest.c50Delay20],
    [
      'Stream, c=1, unpaced: first byte / last byte p50 (ms)',
      (s) => `${ms(s.streamC1.firstByteP50Ms, 3)} / ${ms(s.streamC1.lastByteP50Ms, 3)}`,
    ],
    [
      'Stream, c=1, unpaced: added first byte / last byte p50 (ms)',
      (s) => (s.streamC1AddedMs ? `${signed(s.streamC1AddedMs.firstByteP50, 3)} / ${signed(s.streamC1AddedMs.lastByteP50, 3)}` : '—'),
    ],
    [
      `Paced streams (${pacedLevel} at once): first byte / first token / last byte p50 (ms)`,
      (s) => (s.pacedStreams ? `${ms(s.pacedStreams.firstByteP50Ms, 1)} / ${ms(s.pacedStreams.firstTokenP50Ms, 1)} / ${ms(s.pacedStreams.lastByteP50Ms, 0)}` : '—'),
    ],
    ['Max concurrent paced streams, no gap > 200 ms, no error', (s) => String(s.maxPacedStreams)],
    ['Peak RSS (MB)', (s) => integer(s.peakRssMb)],
    [
      `RSS under steady load at ${firstMark} s → ${lastMark} s, lowest / median of the ${firstMark / 2} s before (MB)`,
      (_s, name) => {
        if (name !== 'gateway') return '—';
        const [first, last] = run.soak.marks;
        if (!first || !last) return '—';
        // Files written before the lowest sample was judged hold the median growth only.
        const medianGrowth = run.soak.medianGrowthPercent ?? run.soak.growthPercent;
        const lowest = run.soak.medianGrowthPercent === undefined ? '' : `${integer(first.minMb)} → ${integer(last.minMb)} (${signed(run.soak.growthPercent, 1)}%) / `;
        return `${lowest}${integer(first.rssMb)} → ${integer(last.rssMb)} (${signed(medianGrowth, 1)}%)`;
      },
    ],
    ['Failed requests (all rounds)', (s) => integer(s.errors)],
  ];

  const lines: string[] = [];
  const commit = run.git.commit ? `commit ${run.git.commit.slice(0, 7)}${run.git.dirty ? ' (uncommitted changes)' : ''}` : 'no git commit';
  lines.push(
    `Conduit benchmark, ${run.mode} run of ${run.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${commit}; Node ${run.machine.node}, ` +
      `${run.machine.cpus} × ${run.machine.cpuModel}; load: ${run.settings.loadGenerator} at c=${run.settings.profile.connections}, ` +
      `hand-timed probe at c=1; ${run.settings.profile.rounds} interleaved round(s), medians. ` +
      `Other work on the machine during the c=50 runs: median ${ms(run.otherLoad?.medianCores, 2)} cores, max ${ms(run.otherLoad?.maxCores, 2)}.`,
    '',
    `| Figure | ${candidateNames.map((name) => columns[name]).join(' | ')} | Gateway / floor |`,
    `|---|${candidateNames.map(() => '---:').join('|')}|---:|`,
  );
  for (const [label, cell, compare] of rows) {
    const cells = candidateNames.map((name) => cell(summary[name], name));
    lines.push(`| ${label} | ${cells.join(' | ')} | ${compare ? ratio(compare(summary.gateway), compare(summary.floor)) : ''} |`);
  }
  const upstreamCpu = summary.direct.upstreamCpuUsPerRequest;
  lines.push(
    '',
    `Upstream CPU per request (fake OpenAI, direct): ${integer(upstreamCpu.c50NonStream)} µs non-stream, ${integer(upstreamCpu.c50Stream)} µs stream. ` +
      `Realistic path on the gateway: virtual key, model cost, request logging (SQLite)` +
      `${
        run.settings.limitsApplied.length
          ? `, limits: ${run.settings.limitsApplied.join(', ')}`
          : run.settings.limits === false
            ? '; limits left off (--no-limits)'
            : '; no rate-limit or budget fields in the schema at run time'
      }.`,
    '',
    '| Target (issue 6) | Goal | Measured | Met |',
    '|---|---|---|---|',
    ...run.targets.map((check) => `| ${check.name} | ${check.target} | ${check.measured} | ${check.met === null ? 'n/a in this mode' : check.met ? 'yes' : '**no**'} |`),
  );
  return lines.join('\n');
}
