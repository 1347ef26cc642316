/**
 * The longest stretch of work the main thread did between two turns of its event loop, measured in
 * the thread's own CPU time where Linux reports it (`/proc/self/task/<pid>/schedstat`): on a loaded
 * machine a wall-clock stall (monitorEventLoopDelay) mostly measures the other processes the thread
 * waited for, while CPU time between two timer turns is the work that blocked the loop. Elsewhere it
 * falls back to the wall clock.
 *
 * The garbage collector's pauses are reported apart: a scavenge that copies the megabytes a large
 * request keeps alive pauses the thread for a few milliseconds at whatever point it falls, which no
 * slicing of the code's own work can move. `longestWorkMs` is the longest stretch with the pauses
 * that fell in it taken out.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

export interface Stretches {
  /** The longest stretch, in milliseconds, garbage collection included. */
  longestMs: number;
  /** The longest stretch without the garbage collector's pauses that fell in it. */
  longestWorkMs: number;
  /** The longest pause of the garbage collector (wall clock). */
  longestGcMs: number;
  /** Whether the stretches are CPU time (else wall-clock time). */
  cpuTime: boolean;
}

/** Stretches shorter than this are not kept for the garbage collector's share. */
const keptFromMs = 1;

export function watchMainThreadStretches(): { stop(): Stretches } {
  let fd: number | undefined;
  try {
    fd = openSync(`/proc/self/task/${process.pid}/schedstat`, 'r');
  } catch {
    fd = undefined;
  }
  const buffer = Buffer.alloc(128);
  const threadCpu = (process as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage;
  const now = (): number => {
    if (threadCpu) {
      const usage = threadCpu();
      return (usage.user + usage.system) / 1000;
    }
    if (fd === undefined) return performance.now();
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    // The first field is the time the thread ran, in nanoseconds.
    return Number(buffer.toString('latin1', 0, length).split(' ')[0]) / 1e6;
  };
  const collections: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => collections.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  /** Stretches worth keeping: their length and when they were (wall clock, performance.now()). */
  const stretches: Array<{ ms: number; from: number; to: number }> = [];
  let last = now();
  let lastAt = performance.now();
  const mark = (): void => {
    const current = now();
    const at = performance.now();
    if (current - last >= keptFromMs) stretches.push({ ms: current - last, from: lastAt, to: at });
    last = current;
    lastAt = at;
  };
  const timer = setInterval(mark, 1);
  return {
    stop() {
      clearInterval(timer);
      mark();
      if (fd !== undefined) closeSync(fd);
      collections.push(...observer.takeRecords());
      observer.disconnect();
      let longestMs = 0;
      let longestWorkMs = 0;
      for (const stretch of stretches) {
        let paused = 0;
        for (const collection of collections) {
          const end = collection.startTime + collection.duration;
          paused += Math.max(0, Math.min(end, stretch.to) - Math.max(collection.startTime, stretch.from));
        }
        longestMs = Math.max(longestMs, stretch.ms);
        longestWorkMs = Math.max(longestWorkMs, stretch.ms - paused);
      }
      const longestGcMs = collections.reduce((longest, collection) => Math.max(longest, collection.duration), 0);
      return { longestMs, longestWorkMs, longestGcMs, cpuTime: fd !== undefined || threadCpu !== undefined };
    },
  };
}
