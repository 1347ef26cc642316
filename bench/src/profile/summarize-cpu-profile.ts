/**
 * Reads a V8 .cpuprofile (as written by `node --cpu-prof`) and says where the time went: self time
 * per function, self time per area (a package, a gateway file, node internals, GC), and inclusive
 * time of the gateway's and the plugin API's own functions. Optionally only the samples inside a
 * time window (the load phase), in the monotonic clock the profiler uses.
 */
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface TimeShare {
  name: string;
  ms: number;
  /** Percent of the busy (non-idle) time in the window. */
  percent: number;
}

export interface ProfileSummary {
  windowMs: number;
  busyMs: number;
  idleMs: number;
  samplesInWindow: number;
  topSelf: TimeShare[];
  topAreas: TimeShare[];
  /** Gateway and plugin-API functions by inclusive time (themselves plus what they call). */
  topInclusiveOwn: TimeShare[];
}

export function areaOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return `node:${url.slice(5).replace(/^internal\//, '').split('/')[0]}`;
  const modules = url.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const own = /\/(core\/[^/]+\/src|plugins\/[^/]+\/src|bench\/src)\/(.+)$/.exec(url);
  if (own) return `${own[1]!.replace('/src', '')}/${own[2]}`;
  return path.basename(url);
}

function frameName(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  // tsx emits each TypeScript file on one line, so a line number there says nothing.
  return frame.url.endsWith('.ts') ? `${name} ${areaOf(frame)}` : `${name} ${areaOf(frame)}:${frame.lineNumber + 1}`;
}

const isOwn = (frame: CallFrame): boolean => /\/(core\/gateway|core\/plugin-api|plugins\/[^/]+)\/src\//.test(frame.url);

export function summarizeCpuProfile(profile: CpuProfile, window?: { fromUs: number; toUs: number }, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  // Sample i lasts until sample i+1 (as DevTools counts it).
  const selfUs = new Map<number, number>();
  let timestamp = profile.startTime;
  let samplesInWindow = 0;
  const stamps: number[] = [];
  for (const delta of profile.timeDeltas) stamps.push((timestamp += delta));
  for (let index = 0; index < profile.samples.length; index++) {
    const at = stamps[index]!;
    const duration = (stamps[index + 1] ?? profile.endTime) - at;
    if (window && (at < window.fromUs || at > window.toUs)) continue;
    samplesInWindow += 1;
    const id = profile.samples[index]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, duration));
  }

  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let idleUs = 0;
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    totalUs += us;
    if (node.callFrame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const name = frameName(node.callFrame);
    self.set(name, (self.get(name) ?? 0) + us);
    const area = areaOf(node.callFrame);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const frame = byId.get(current)!.callFrame;
      if (!isOwn(frame)) continue;
      const key = frameName(frame);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const busyUs = totalUs - idleUs;
  const ranked = (values: Map<string, number>, count: number): TimeShare[] =>
    [...values.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, us]) => ({ name, ms: us / 1000, percent: busyUs > 0 ? (us / busyUs) * 100 : 0 }));
  return {
    windowMs: totalUs / 1000,
    busyMs: busyUs / 1000,
    idleMs: idleUs / 1000,
    samplesInWindow,
    topSelf: ranked(self, top),
    topAreas: ranked(areas, 20),
    topInclusiveOwn: ranked(inclusive, 20),
  };
}

export function formatProfileSummary(title: string, summary: ProfileSummary): string {
  const table = (heading: string, rows: TimeShare[]): string[] => [
    `| ${heading} | ms | % of busy |`,
    '|---|---:|---:|',
    ...rows.map((row) => `| ${row.name.replaceAll('|', '\\|')} | ${row.ms.toFixed(0)} | ${row.percent.toFixed(1)} |`),
    '',
  ];
  return [
    `### ${title}`,
    '',
    `${summary.samplesInWindow} samples over ${(summary.windowMs / 1000).toFixed(1)} s: busy ${(summary.busyMs / 1000).toFixed(1)} s, idle ${(summary.idleMs / 1000).toFixed(1)} s.`,
    '',
    ...table('Function (self time)', summary.topSelf),
    ...table('Area (self time)', summary.topAreas),
    ...table('Gateway / plugin-API function (inclusive time)', summary.topInclusiveOwn),
  ].join('\n');
}
