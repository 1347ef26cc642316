/**
 * The longest stretch of work the main thread did between two turns of its event loop, measured in
 * the thread's own CPU time where Linux reports it (`/proc/self/task/<pid>/schedstat`): on a loaded
 * machine a wall-clock stall (monitorEventLoopDelay) mostly measures the other processes the thread
 * waited for, while CPU time between two timer turns is the work that blocked the loop. Elsewhere it
 * falls back to the wall clock.
 */
import { closeSync, openSync, readSync } from 'node:fs';

export interface Stretches {
  /** The longest stretch, in milliseconds. */
  longestMs: number;
  /** Whether it is CPU time (else wall-clock time). */
  cpuTime: boolean;
}

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
  let last = now();
  let longestMs = 0;
  const timer = setInterval(() => {
    const current = now();
    longestMs = Math.max(longestMs, current - last);
    last = current;
  }, 1);
  return {
    stop() {
      clearInterval(timer);
      longestMs = Math.max(longestMs, now() - last);
      if (fd !== undefined) closeSync(fd);
      return { longestMs, cpuTime: fd !== undefined };
    },
  };
}
