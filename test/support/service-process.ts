import { spawn, type ChildProcess } from 'node:child_process';
import { removeTempDir } from './make-temp-dir.ts';

/** A server process started for a test, killed when the test process exits however it exits. */
export interface ServiceProcess {
  readonly child: ChildProcess;
  /** Set once the process has exited (code or signal), else undefined. */
  exitStatus(): string | undefined;
  /** Resolves when the process has exited; SIGKILLs it if it has not within `timeoutMs`. */
  waitForExit(timeoutMs: number): Promise<void>;
  /** Kills the process (SIGKILL), waits for it, and removes its temp dir. */
  kill(): Promise<void>;
}

interface Tracked {
  child: ChildProcess;
  dir: string;
}

const running = new Set<Tracked>();
let hooked = false;

/**
 * Starts `command` detached from stdio (servers log to files in `dir`) and unref'd, so a test that
 * forgets stop() still exits; an 'exit' hook kills it then, and SIGINT/SIGTERM clean up too.
 */
export function spawnService(command: string, args: readonly string[], dir: string): ServiceProcess {
  installExitHooks();
  const child = spawn(command, args, { stdio: 'ignore', cwd: dir });
  const tracked: Tracked = { child, dir };
  running.add(tracked);
  let status: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      status = signal ? `killed by ${signal}` : `exited with code ${code}`;
      running.delete(tracked);
      resolve();
    });
    child.once('error', (error) => {
      status = `failed to start: ${error.message}`;
      running.delete(tracked);
      resolve();
    });
  });
  child.unref();

  async function waitForExit(timeoutMs: number): Promise<void> {
    if (status !== undefined) return;
    child.ref();
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  return {
    child,
    exitStatus: () => status,
    waitForExit,
    async kill() {
      if (status === undefined) child.kill('SIGKILL');
      await waitForExit(5000);
      removeTempDir(dir);
    },
  };
}

function installExitHooks(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = (): void => {
      killAllNow();
      process.removeListener(signal, onSignal);
      // Others still listening own the signal; otherwise die of it as if we had never listened.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

function killAllNow(): void {
  for (const { child, dir } of running) {
    child.kill('SIGKILL');
    try {
      removeTempDir(dir);
    } catch {
      // Best effort at exit; the directory is under the OS temp dir.
    }
  }
  running.clear();
}
