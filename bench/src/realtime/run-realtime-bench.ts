/**
 * `npm run bench -- --realtime`: 200 sessions (by default) streaming 24 kHz PCM16 at real-time pace in
 * 100 ms chunks through the gateway's /v1/realtime to a fake OpenAI Realtime upstream that echoes the
 * audio. Reports per-message added latency (p50, p99; target p99 ≤ 5 ms) against control sessions
 * streaming straight to the upstream in the same window, stalls, the gateway's CPU per session-second
 * and its RSS over the run.
 *
 * Why a control in the same window: the load generator, the upstream and the gateway share the
 * machine's cores, and a round trip includes the generator's own delays (a message that arrives while
 * its event loop is busy or descheduled waits). Against a direct run made earlier, those delays —
 * larger while the gateway also needs the cores, and whatever other work the machine had at that
 * moment — were counted as the gateway's. Control sessions share them message for message.
 *
 * The gateway runs as `npm start` runs it (see start-gateway-process.ts), billing every session:
 * the model has audio token prices and the key a generous budget, so slices are reserved and settled.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchMode } from '../bench-profiles.ts';
import { readProcessStats } from '../measure/process-stats.ts';
import { readGatewayMemory } from '../measure/read-gateway-memory.ts';
import { spawnChild, waitForListening } from '../processes/child-process-handle.ts';
import { graphqlClient } from '../processes/graphql-client.ts';
import { startGatewayProcess } from '../processes/start-gateway-process.ts';
import { round } from '../stats.ts';
import { realtimeBenchProfiles, type RealtimeBenchProfile } from './realtime-bench-profiles.ts';
import { runSessionLoad } from './realtime-session-load.ts';
import { memorySplit, type MemorySample } from '../measure/memory-split.ts';
import { addedLatency, loadSummary, roundTripFigures, rssTrend, type RssSample } from './summarize-session-load.ts';

const benchSource = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repositoryRoot = path.resolve(benchSource, '../..');
export const realtimeBenchModel = 'bench-realtime';

export interface RealtimeBenchOptions {
  mode: BenchMode;
  sessions?: number;
  seconds?: number;
  gatewayEnv: Record<string, string>;
  outDir: string;
  log(line: string): void;
}

export async function runRealtimeBench(options: RealtimeBenchOptions): Promise<string> {
  const profile: RealtimeBenchProfile = {
    ...realtimeBenchProfiles[options.mode],
    ...(options.sessions ? { sessions: options.sessions } : {}),
    ...(options.seconds ? { gatewaySeconds: options.seconds } : {}),
  };
  const upstream = spawnChild('realtime echo upstream', ['--import', 'tsx', path.join(benchSource, 'processes/realtime-echo-upstream-process.ts')], { cwd: repositoryRoot });
  try {
    const upstreamOrigin = `http://127.0.0.1:${await waitForListening(upstream)}`;
    const gateway = await startGatewayProcess({ repositoryRoot, upstreamOrigin, env: options.gatewayEnv });
    try {
      await configureRealtime(gateway.origin, profile.sessions);
      const gatewayUrl = `${gateway.origin.replace(/^http/, 'ws')}/v1/realtime?model=${realtimeBenchModel}`;
      const directUrl = `${upstreamOrigin.replace(/^http/, 'ws')}/v1/realtime?model=${realtimeBenchModel}`;
      const gatewayHeaders = { authorization: `Bearer ${gateway.virtualKey}` };

      options.log(`warm-up: ${Math.min(20, profile.sessions)} sessions for ${profile.warmupSeconds} s through the gateway`);
      await runSessionLoad({ url: gatewayUrl, headers: gatewayHeaders, sessions: Math.min(20, profile.sessions), seconds: profile.warmupSeconds });

      options.log(`direct: ${profile.sessions} sessions for ${profile.directSeconds} s straight to the upstream`);
      const direct = await runSessionLoad({ url: directUrl, headers: {}, sessions: profile.sessions, seconds: profile.directSeconds });

      options.log(`gateway: ${profile.sessions} sessions for ${profile.gatewaySeconds} s through the gateway, ${profile.controlSessions} straight to the upstream beside them`);
      const rss: RssSample[] = [];
      const started = performance.now();
      const sample = (): void => {
        rss.push({ atSeconds: round((performance.now() - started) / 1000, 1)!, rssBytes: readProcessStats(gateway.handle.pid).rssBytes });
      };
      sample();
      const sampler = setInterval(sample, profile.rssEverySeconds * 1000);
      // The V8 heap beside RSS, from the gateway's /metrics, as often as Prometheus would scrape it.
      const memory: MemorySample[] = [];
      const readMemory = async (): Promise<void> => {
        const atSeconds = round((performance.now() - started) / 1000, 1)!;
        const reading = await readGatewayMemory(gateway.origin);
        if (reading) memory.push({ atSeconds, rssBytes: readProcessStats(gateway.handle.pid).rssBytes, ...reading });
      };
      void readMemory();
      const memorySampler = setInterval(() => void readMemory(), profile.memoryEverySeconds * 1000);
      const cpuBefore = readProcessStats(gateway.handle.pid).cpuMs;
      const through = await runSessionLoad({
        url: gatewayUrl,
        headers: gatewayHeaders,
        sessions: profile.sessions,
        seconds: profile.gatewaySeconds,
        control: { url: directUrl, headers: {}, sessions: profile.controlSessions },
      });
      // Session ends are settled and logged after the close: counted too.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const cpuMs = readProcessStats(gateway.handle.pid).cpuMs - cpuBefore;
      clearInterval(sampler);
      clearInterval(memorySampler);
      sample();

      const directFigures = roundTripFigures(direct.roundTripMs);
      const gatewayFigures = roundTripFigures(through.roundTripMs);
      const controlFigures = through.control ? roundTripFigures(through.control.roundTripMs) : undefined;
      const report = {
        kind: 'realtime',
        mode: options.mode,
        startedAt: new Date().toISOString(),
        machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((value) => round(value, 2)), node: process.version },
        profile,
        addedLatency: controlFigures ? addedLatency(gatewayFigures, controlFigures) : addedLatency(gatewayFigures, directFigures),
        addedLatencyVsDirectAlone: addedLatency(gatewayFigures, directFigures),
        targetP99Ms: 5,
        direct: loadSummary(direct),
        control: through.control ? loadSummary(through.control) : null,
        gateway: {
          ...loadSummary(through),
          cpuMs: round(cpuMs, 0),
          cpuMsPerSessionSecond: through.sessionSeconds > 0 ? round(cpuMs / through.sessionSeconds, 3) : null,
          cpuCoresBusy: round(cpuMs / 1000 / profile.gatewaySeconds, 3),
          rss: rssTrend(rss, profile.rssFloorWindowSeconds, profile.rssFlatToleranceMbPerMinute),
          memory: memorySplit(memory, profile.rssFloorWindowSeconds),
          rssSamples: rss.map((entry) => ({ atSeconds: entry.atSeconds, rssMb: round(entry.rssBytes / 1024 / 1024, 1) })),
          memorySamples: memory,
        },
      };
      mkdirSync(options.outDir, { recursive: true });
      const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-');
      const file = path.join(options.outDir, `${stamp}-realtime${options.mode === 'full' ? '' : `-${options.mode}`}.json`);
      writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
      options.log(`results written to ${path.relative(process.cwd(), file) || file}`);
      return formatRealtimeReport(report);
    } finally {
      await gateway.stop();
    }
  } finally {
    await upstream.stop();
  }
}

/** The model routed to the echo upstream, priced for audio tokens; room for every session on the key and the gateway. */
async function configureRealtime(origin: string, sessions: number): Promise<void> {
  const graphql = graphqlClient(origin, 'bench-master-key-0123456789abcdef');
  const providers = await graphql<{ providers: Array<{ id: string; name: string }> }>('{ providers { id name } }');
  const provider = providers.providers.find((candidate) => candidate.name === 'bench-upstream');
  if (!provider) throw new Error('the bench provider is missing');
  await graphql('mutation($input: CreateModelDeploymentInput!) { createModelDeployment(input: $input) { id } }', {
    input: { modelName: realtimeBenchModel, providerId: provider.id, providerModel: realtimeBenchModel },
  });
  await graphql('mutation($input: CreateModelCostInput!) { createModelCost(input: $input) { id } }', {
    input: { model: realtimeBenchModel, inputPerMillion: 4, outputPerMillion: 16, audioInputPerMillion: 32, audioOutputPerMillion: 64 },
  });
  await graphql('mutation($input: UpdateLimitSettingsInput!) { updateLimitSettings(input: $input) { defaultMaxRealtimeSessions } }', {
    input: { defaultMaxRealtimeSessions: sessions * 2, maxRealtimeSessions: sessions * 4 },
  });
}

type Report = {
  mode: string;
  profile: RealtimeBenchProfile;
  machine: { cpus: number; loadAverage: Array<number | null> };
  addedLatency: { p50Ms: number | null; p99Ms: number | null };
  addedLatencyVsDirectAlone?: { p50Ms: number | null; p99Ms: number | null };
  direct: Record<string, unknown>;
  control?: Record<string, unknown> | null;
  gateway: Record<string, unknown> & { rss: ReturnType<typeof rssTrend>; memory?: ReturnType<typeof memorySplit> };
};

function memoryLine(memory: ReturnType<typeof memorySplit>): string {
  const change = memory.secondHalfChangeMb;
  const signed = (value: number): string => `${value >= 0 ? '+' : ''}${value}`;
  const split = change
    ? `second-half change ${signed(change.rss)} MB RSS = ${signed(change.heapCommitted)} V8 heap committed ${signed(change.outsideHeap)} outside the heap (external ${signed(change.external)})`
    : 'second-half change: too few /metrics readings';
  const after = memory.oldSpaceAfterMajorGc.map((entry) => `${entry.usedMb}`).join(', ');
  return `Gateway memory (/metrics every few seconds): ${split}; old generation used at the first reading after a major collection (${memory.majorGcs} in the run): ${after || '—'} MB.`;
}

export function formatRealtimeReport(report: Report): string {
  const rt = (side: Record<string, unknown>) => side.roundTrip as { p50Ms: number | null; p99Ms: number | null; maxMs: number | null; messages: number };
  const value = (entry: unknown): string => (entry === null || entry === undefined ? '—' : String(entry));
  const loop = (side: Record<string, unknown>): string => {
    const delay = side.loopDelay as { p99Ms: number; maxMs: number } | undefined;
    return delay ? `${delay.p99Ms} / ${delay.maxMs} ms` : '—';
  };
  const row = (label: string, side: Record<string, unknown>): string =>
    `| ${label} | ${rt(side).messages} | ${value(rt(side).p50Ms)} ms | ${value(rt(side).p99Ms)} ms | ${value(rt(side).maxMs)} ms | ${value(side.stalls)} (${value(side.stalledSessions)}) | ${value(side.lost)} | ${value(side.failedSessions)} | ${loop(side)} |`;
  const gateway = report.gateway;
  const alone = report.addedLatencyVsDirectAlone;
  const lines = [
    `Realtime: ${report.profile.sessions} sessions × 24 kHz PCM16 in 100 ms chunks, ${report.profile.gatewaySeconds} s through the gateway (${report.mode}); ${report.machine.cpus} cores, load average ${report.machine.loadAverage.join(' ')}`,
    '',
    '| | messages | round trip p50 | p99 | max | stalls (sessions) | lost | failed sessions | load generator loop delay p99 / max |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    row('direct to upstream, alone (earlier)', report.direct),
    ...(report.control ? [row('direct to upstream, beside the gateway run', report.control)] : []),
    row('through the gateway', gateway),
    '',
    `Added latency per message (gateway minus ${report.control ? 'the direct sessions beside it' : 'direct'}): p50 ${value(report.addedLatency.p50Ms)} ms, p99 ${value(report.addedLatency.p99Ms)} ms (target p99 ≤ 5 ms).`,
    ...(report.control && alone ? [`(Against the earlier direct run alone: p50 ${value(alone.p50Ms)} ms, p99 ${value(alone.p99Ms)} ms — that includes the load generator's and the machine's extra delays during the gateway run.)`] : []),
    `Gateway CPU: ${value(gateway.cpuMsPerSessionSecond)} ms per session-second (${value(gateway.cpuCoresBusy)} cores busy on average).`,
    `Gateway RSS: ${value(gateway.rss.startMb)} MB at the start, peak ${value(gateway.rss.peakMb)} MB, ${value(gateway.rss.endMb)} MB at the end. Second half, ${report.profile.rssFloorWindowSeconds ?? '—'} s windows: medians ${gateway.rss.secondHalfWindowMediansMb?.join(', ') ?? '—'} MB, slope ${value(gateway.rss.secondHalfMedianSlopeMbPerMinute)} ± ${value(gateway.rss.secondHalfMedianSlopeStdErrorMbPerMinute)} MB/min (standard error); floors' slope ${value(gateway.rss.secondHalfFloorSlopeMbPerMinute)} ± ${value(gateway.rss.secondHalfFloorSlopeStdErrorMbPerMinute)}; all samples ${value(gateway.rss.secondHalfSlopeMbPerMinute)} MB/min.`,
    `RSS verdict: ${value(gateway.rss.verdict)} (flat: the medians' slope plus twice its error ≤ ${value(gateway.rss.toleranceMbPerMinute)} MB/min; growing: minus twice its error above it).`,
    ...(gateway.memory ? [memoryLine(gateway.memory)] : []),
  ];
  const failures = [...((report.direct.failures as string[]) ?? []), ...((report.control?.failures as string[]) ?? []), ...((gateway.failures as string[]) ?? [])];
  if (failures.length > 0) lines.push('', `Failures: ${failures.join('; ')}`);
  return `${lines.join('\n')}\n`;
}
