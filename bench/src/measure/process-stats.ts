/**
 * CPU time and memory of a process and its descendants (a clustered gateway's workers), read from
 * /proc. Linux only; elsewhere every figure is NaN and the report says so.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessStats {
  /** User plus system CPU time, milliseconds (resolution: one clock tick, usually 10 ms). */
  cpuMs: number;
  /** Resident set size now, bytes. */
  rssBytes: number;
  /** Peak resident set size since the process started (VmHWM), bytes. */
  peakRssBytes: number;
}

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

export function processStatsAvailable(): boolean {
  try {
    readFileSync('/proc/self/stat', 'utf8');
    return true;
  } catch {
    return false;
  }
}

export function readProcessStats(pid: number): ProcessStats {
  const pids = [pid, ...descendants(pid)];
  const total: ProcessStats = { cpuMs: 0, rssBytes: 0, peakRssBytes: 0 };
  for (const one of pids) {
    const stats = readOne(one);
    if (!stats) {
      if (one === pid) return { cpuMs: Number.NaN, rssBytes: Number.NaN, peakRssBytes: Number.NaN };
      continue;
    }
    total.cpuMs += stats.cpuMs;
    total.rssBytes += stats.rssBytes;
    total.peakRssBytes += stats.peakRssBytes;
  }
  return total;
}

function readOne(pid: number): ProcessStats | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return {
      cpuMs: (ticks * 1000) / clockTicks(),
      rssBytes: statusKb(status, 'VmRSS') * 1024,
      peakRssBytes: statusKb(status, 'VmHWM') * 1024,
    };
  } catch {
    return undefined;
  }
}

function statusKb(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : Number.NaN;
}

function descendants(pid: number): number[] {
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.shift()!;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${current}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      let children = '';
      try {
        children = readFileSync(`/proc/${current}/task/${task}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const child of children.split(' ').filter(Boolean).map(Number)) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/**
 * CPU time of the whole machine spent on anything (user, nice, system, irq, softirq, steal), ms.
 * Minus what the benchmark's own processes used, it shows how busy other work kept the machine.
 */
export function readMachineBusyMs(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return (((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * 1000) / clockTicks();
  } catch {
    return Number.NaN;
  }
}

/** This process's CPU time plus that of its children that have exited (e.g. each wrk run), ms. */
export function readSelfCpuWithReapedChildrenMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 1000) / clockTicks();
  } catch {
    return Number.NaN;
  }
}
