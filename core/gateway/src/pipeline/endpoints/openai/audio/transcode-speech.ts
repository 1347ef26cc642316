/**
 * Speech transcoded with ffmpeg when no deployment produces the requested format: the provider's
 * bytes go into ffmpeg's stdin as they arrive and its stdout is relayed as it comes, so the first
 * bytes still reach the client before the provider finishes. The process is killed when the stream
 * is returned (client gone, failure), when the request is aborted and after a time limit; its run
 * slot (engine/limits/run-slots.ts) is given back when it has exited, so the slots count processes.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { ProviderError, type SpeechOutputFormat } from '@conduit/plugin-api';
import type { RunSlot } from '../../../../engine/limits/run-slots.ts';
import { drainedOrClosed } from '../../../http/drained-or-closed.ts';

/** How long one transcoding may take before ffmpeg is killed. */
const timeLimitMs = 120_000;

let ffmpegPath: string | null | undefined;

/** ffmpeg on PATH, looked up once. */
export function findFfmpeg(): string | undefined {
  if (ffmpegPath === undefined) {
    ffmpegPath = null;
    for (const directory of (process.env.PATH ?? '').split(path.delimiter)) {
      if (!directory) continue;
      const candidate = path.join(directory, 'ffmpeg');
      try {
        accessSync(candidate, constants.X_OK);
        ffmpegPath = candidate;
        break;
      } catch {
        // not here
      }
    }
  }
  return ffmpegPath ?? undefined;
}

export function canTranscode(): boolean {
  return findFfmpeg() !== undefined;
}

const inputArguments: Record<string, string[]> = {
  pcm: ['-f', 's16le', '-ar', '24000', '-ac', '1'],
};

const outputArguments: Record<string, string[]> = {
  mp3: ['-c:a', 'libmp3lame', '-b:a', '128k', '-f', 'mp3'],
  opus: ['-c:a', 'libopus', '-b:a', '32k', '-f', 'ogg'],
  aac: ['-c:a', 'aac', '-b:a', '64k', '-f', 'adts'],
  flac: ['-c:a', 'flac', '-f', 'flac'],
  wav: ['-c:a', 'pcm_s16le', '-f', 'wav'],
  pcm: ['-ar', '24000', '-ac', '1', '-f', 's16le'],
};

export function transcodable(format: SpeechOutputFormat): boolean {
  return format in outputArguments;
}

/**
 * The slot is the caller's until this is called; from then on it is released here, whatever happens
 * (even when the stream is returned before it started).
 */
export function transcodeSpeech(
  body: AsyncIterable<Uint8Array>,
  from: SpeechOutputFormat,
  to: SpeechOutputFormat,
  run: { slot: RunSlot; signal: AbortSignal },
): AsyncGenerator<Uint8Array> {
  const state = { started: false };
  const stream = transcode(body, from, to, run, state);
  const giveBack = stream.return.bind(stream);
  // A generator returned before its first `next` never runs its body, nor its `finally`.
  stream.return = (value) => {
    if (!state.started) run.slot.release();
    return giveBack(value);
  };
  return stream;
}

async function* transcode(
  body: AsyncIterable<Uint8Array>,
  from: SpeechOutputFormat,
  to: SpeechOutputFormat,
  run: { slot: RunSlot; signal: AbortSignal },
  state: { started: boolean },
): AsyncGenerator<Uint8Array> {
  state.started = true;
  const ffmpeg = findFfmpeg();
  const output = outputArguments[to];
  if (!ffmpeg || !output || run.signal.aborted) {
    run.slot.release();
    // Nothing will read the provider's stream: close it.
    await body[Symbol.asyncIterator]().return?.();
    if (run.signal.aborted) throw new ProviderError({ code: 'aborted', message: 'The request was aborted before transcoding', retryable: false });
    throw new Error(`cannot transcode speech from ${from} to ${to}`);
  }
  const child = spawn(ffmpeg, ['-hide_banner', '-loglevel', 'error', ...(inputArguments[from] ?? []), '-i', 'pipe:0', ...output, 'pipe:1'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // The slot comes back when the process has ended ('close'), or never started ('error').
  child.once('close', () => run.slot.release());
  child.once('error', () => run.slot.release());
  const abort = (): void => {
    child.kill('SIGKILL');
  };
  run.signal.addEventListener('abort', abort, { once: true });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    if (stderr.length < 2000) stderr += text;
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const spawnFailed = new Promise<never>((_resolve, reject) => child.once('error', reject));
  spawnFailed.catch(() => undefined);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeLimitMs);
  let inputFailure: unknown;
  // stdin is fed while stdout is read; a broken pipe (ffmpeg gave up) surfaces through its exit code.
  child.stdin.on('error', () => undefined);
  let stopped = false;
  const feeding = (async () => {
    try {
      for await (const chunk of body) {
        if (stopped) break;
        if (!child.stdin.write(chunk)) await drainedOrClosed(child.stdin);
        if (stopped || child.exitCode !== null) break;
      }
    } catch (error) {
      inputFailure = error;
      child.kill('SIGKILL');
    } finally {
      child.stdin.end();
    }
  })();
  try {
    for await (const chunk of child.stdout) yield chunk as Buffer;
    await feeding;
    if (inputFailure) throw inputFailure;
    const code = await Promise.race([exited, spawnFailed]);
    if (code !== 0) {
      throw new ProviderError({ code: 'server', message: `Transcoding the speech from ${from} to ${to} failed: ${stderr.trim().slice(0, 300) || `ffmpeg exited with ${code}`}`, retryable: false });
    }
  } finally {
    // Returned early (the client left, or the stream failed): stop feeding, which returns the provider's stream.
    stopped = true;
    clearTimeout(timer);
    run.signal.removeEventListener('abort', abort);
    if (child.exitCode === null) child.kill('SIGKILL');
    child.stdin.destroy();
  }
}
