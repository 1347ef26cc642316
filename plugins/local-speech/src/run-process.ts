/**
 * Runs one engine as a child process: input piped to stdin (bytes or a stream), stdout collected,
 * killed when the caller aborts or the time limit passes. Failures are ProviderErrors: `aborted`,
 * `timeout`, or `server` with the end of the engine's stderr.
 */
import { spawn } from 'node:child_process';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { ProviderError } from '@conduit/plugin-api';

export interface RunOptions {
  input?: Uint8Array | string | AsyncIterable<Uint8Array>;
  signal: AbortSignal;
  timeoutMs: number;
}

export function runProcess(command: string, args: readonly string[], options: RunOptions): Promise<Buffer> {
  const name = basename(command);
  if (options.signal.aborted) return Promise.reject(aborted(name));
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    let failure: ProviderError | undefined;
    const stop = (error: ProviderError) => {
      failure ??= error;
      child.kill('SIGKILL');
    };
    const onAbort = () => stop(aborted(name));
    options.signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => stop(new ProviderError({ code: 'timeout', message: `${name} did not finish within ${options.timeoutMs} ms` })), options.timeoutMs);
    child.stdout.on('data', (piece: Buffer) => out.push(piece));
    child.stderr.on('data', (piece: Buffer) => {
      err = (err + piece.toString()).slice(-2000);
    });
    const input = options.input;
    if (input === undefined) child.stdin.end();
    else if (typeof input === 'string' || input instanceof Uint8Array) child.stdin.end(input);
    else pipeline(Readable.from(input), child.stdin).catch(() => undefined);
    child.stdin.on('error', () => undefined);
    child.on('error', (error) => stop(new ProviderError({ code: 'server', message: `${name} could not be started: ${error.message}`, cause: error })));
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      if (failure) return reject(failure);
      if (code !== 0) {
        const detail = err.trim().split('\n').filter(Boolean).at(-1) ?? '';
        return reject(new ProviderError({ code: 'server', retryable: false, message: `${name} failed (exit ${code})${detail ? `: ${detail}` : ''}` }));
      }
      resolve(Buffer.concat(out));
    });
  });
}

function aborted(name: string): ProviderError {
  return new ProviderError({ code: 'aborted', message: `${name} was stopped: the call was aborted` });
}
