/**
 * A spawned candidate process: its pid (for /proc), its port, the tail of its output (for the error
 * message when it dies), and a stop that waits for the exit.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface ChildHandle {
  name: string;
  pid: number;
  child: ChildProcess;
  /** The last few kilobytes the process wrote to stdout and stderr. */
  output(): string;
  /** SIGTERM, then SIGKILL after the grace period; resolves on exit. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHooked = false;

/** Kills every child still running when the harness exits, however it exits. */
function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

export function spawnChild(name: string, args: string[], options: SpawnOptions): ChildHandle {
  hookExit();
  const child = spawn(process.execPath, args, { ...options, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  if (child.pid === undefined) throw new Error(`could not start ${name}`);
  running.add(child);
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(child);
      resolve();
    });
  });
  return {
    name,
    pid: child.pid,
    child,
    output: () => tail,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves with the port a harness child reports over IPC; rejects if it exits first. */
export function waitForListening(handle: ChildHandle, timeoutMs = 30_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${handle.name} did not start within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: unknown): void => {
      const typed = message as { type?: string; port?: number };
      if (typed.type === 'listening' && typeof typed.port === 'number') {
        cleanup();
        resolve(typed.port);
      }
    };
    const onExit = (): void => fail(new Error(`${handle.name} exited during start:\n${handle.output()}`));
    const cleanup = (): void => {
      clearTimeout(timer);
      handle.child.off('message', onMessage);
      handle.child.off('exit', onExit);
    };
    const fail = (error: Error): void => {
      cleanup();
      reject(error);
    };
    handle.child.on('message', onMessage);
    handle.child.once('exit', onExit);
  });
}
