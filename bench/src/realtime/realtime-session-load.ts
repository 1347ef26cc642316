/**
 * The realtime load: N WebSocket sessions speaking the OpenAI Realtime protocol, each streaming
 * 24 kHz PCM16 at real-time pace in 100 ms chunks (`input_audio_buffer.append`), against an upstream
 * that echoes each chunk back as `response.output_audio.delta`. Each chunk carries its sequence number
 * in its first 4 bytes, so the echo is matched to its send: the round trip of every message is kept
 * (a typed array, cheap for hundreds of thousands), and a session whose echoes stop for longer than
 * `stallMs` (between two consecutive echoes) counts a stall.
 *
 * `control` sessions stream to another URL (the upstream itself) in the same window, from the same
 * event loop: whatever delays this process or the machine meanwhile delays both alike, so the
 * difference between the two is what the path under test adds. The load's own event-loop delay is
 * reported too.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';

export interface SessionLoadOptions {
  /** ws:// URL of /v1/realtime?model=… (the gateway or the upstream directly). */
  url: string;
  headers: Record<string, string>;
  sessions: number;
  seconds: number;
  chunkMs?: number;
  sampleRate?: number;
  /** A gap between echoes longer than this while sending is a stall. */
  stallMs?: number;
  /** Sessions connecting at once. */
  connectBatch?: number;
  /** Sessions streaming to this URL in the same window, as the reference (the result's `control`). */
  control?: { url: string; headers: Record<string, string>; sessions: number };
}

export interface LoopDelay {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface SessionLoadResult {
  sessions: number;
  connected: number;
  /** Why sessions failed to connect or ended early (first few, deduplicated). */
  failures: string[];
  failedSessions: number;
  /** Milliseconds from the WebSocket handshake to `session.created`. */
  connectMs: number[];
  /** Round trip of every echoed chunk, milliseconds. */
  roundTripMs: Float64Array;
  sent: number;
  echoed: number;
  stalls: number;
  stalledSessions: number;
  maxGapMs: number;
  /** Error events received from the server. */
  errorEvents: number;
  /** Seconds of audio streamed, all sessions together (the denominator of CPU per session-second). */
  sessionSeconds: number;
  /** The control sessions' result, when there were any. */
  control?: SessionLoadResult;
  /** How late this process's event loop ran while streaming (its own stalls, shared by both groups). */
  loopDelay?: LoopDelay;
}

/** 100 ms of a 440 Hz tone, PCM16 little-endian; bytes 0-3 are overwritten with the sequence number. */
function toneChunk(sampleRate: number, chunkMs: number): Buffer {
  const samples = Math.round((sampleRate * chunkMs) / 1000);
  const chunk = Buffer.alloc(samples * 2);
  for (let index = 0; index < samples; index += 1) chunk.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * index) / sampleRate) * 8000), index * 2);
  return chunk;
}

/** The base64 of a chunk whose first 4 bytes are `sequence`: the first 6 bytes encoded now, the rest once. */
export function chunkEncoder(chunk: Buffer): (sequence: number) => string {
  if ((chunk.length - 6) % 3 !== 0) throw new Error('the chunk after its first 6 bytes must be a multiple of 3 bytes long');
  const head = Buffer.from(chunk.subarray(0, 6));
  const tail = chunk.subarray(6).toString('base64');
  return (sequence) => {
    head.writeUInt32LE(sequence, 0);
    return head.toString('base64') + tail;
  };
}

/** The sequence number in an echoed delta's base64 (its first 8 characters hold the first 6 bytes). */
export function sequenceOf(base64: string): number {
  return Buffer.from(base64.slice(0, 8), 'base64').readUInt32LE(0);
}

const deltaType = '"response.output_audio.delta"';
const deltaField = '"delta":"';

interface Group {
  url: string;
  headers: Record<string, string>;
  result: SessionLoadResult;
  roundTrips: Float64Array;
  recorded: number;
  sockets: WebSocket[];
}

function emptyResult(sessions: number, roundTrips: Float64Array): SessionLoadResult {
  return {
    sessions,
    connected: 0,
    failures: [],
    failedSessions: 0,
    connectMs: [],
    roundTripMs: roundTrips,
    sent: 0,
    echoed: 0,
    stalls: 0,
    stalledSessions: 0,
    maxGapMs: 0,
    errorEvents: 0,
    sessionSeconds: 0,
  };
}

export async function runSessionLoad(options: SessionLoadOptions): Promise<SessionLoadResult> {
  const chunkMs = options.chunkMs ?? 100;
  const stallMs = options.stallMs ?? 500;
  const chunks = Math.ceil((options.seconds * 1000) / chunkMs);
  const encode = chunkEncoder(toneChunk(options.sampleRate ?? 24_000, chunkMs));
  const group = (url: string, headers: Record<string, string>, sessions: number): Group => {
    const roundTrips = new Float64Array(sessions * (chunks + 1));
    return { url, headers, result: emptyResult(sessions, roundTrips), roundTrips, recorded: 0, sockets: [] };
  };
  const groups = [group(options.url, options.headers, options.sessions)];
  if (options.control && options.control.sessions > 0) groups.push(group(options.control.url, options.control.headers, options.control.sessions));

  const fail = (result: SessionLoadResult, reason: string): void => {
    result.failedSessions += 1;
    if (result.failures.length < 5 && !result.failures.includes(reason)) result.failures.push(reason);
  };

  const connect = (target: Group): Promise<{ socket: WebSocket; connectMs: number } | undefined> =>
    new Promise((resolve) => {
      const started = performance.now();
      const socket = new WebSocket(target.url, { headers: target.headers, perMessageDeflate: false });
      let settled = false;
      const refuse = (reason: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fail(target.result, reason);
        socket.terminate();
        resolve(undefined);
      };
      const timer = setTimeout(() => refuse('no session.created within 10 s'), 10_000);
      // Later socket errors end in 'close', which the stream handles.
      socket.on('error', (error) => refuse(`connect failed: ${error.message}`));
      socket.once('unexpected-response', (_request, response) => refuse(`handshake refused: HTTP ${response.statusCode}`));
      socket.once('message', (data: Buffer) => {
        if (!data.toString('utf8').includes('"session.created"')) return refuse(`first event was not session.created: ${data.toString('utf8').slice(0, 200)}`);
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ socket, connectMs: performance.now() - started });
      });
    });

  const batch = options.connectBatch ?? 20;
  for (const target of groups) {
    for (let first = 0; first < target.result.sessions; first += batch) {
      const opened = await Promise.all(Array.from({ length: Math.min(batch, target.result.sessions - first) }, () => connect(target)));
      for (const one of opened) {
        if (!one) continue;
        target.sockets.push(one.socket);
        target.result.connectMs.push(one.connectMs);
      }
    }
    target.result.connected = target.sockets.length;
  }

  const stream = (target: Group, socket: WebSocket): Promise<void> =>
    new Promise<void>((resolve) => {
      const { result, roundTrips } = target;
      const sentAt = new Float64Array(chunks);
      let next = 0;
      let received = 0;
      let lastEcho = 0;
      let stalled = false;
      let finished = false;
      let timer: NodeJS.Timeout | undefined;
      // Sessions start spread over one chunk interval, as independent callers would.
      const start = performance.now() + Math.random() * chunkMs;
      const finish = (): void => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        socket.removeAllListeners('message');
        socket.close();
        resolve();
      };
      socket.on('message', (data: Buffer) => {
        const text = data.toString('utf8');
        if (!text.includes(deltaType)) {
          if (text.includes('"type":"error"')) {
            result.errorEvents += 1;
            fail(result, `error event: ${text.slice(0, 200)}`);
          }
          return;
        }
        const at = text.indexOf(deltaField);
        if (at === -1) return;
        const now = performance.now();
        const sequence = sequenceOf(text.slice(at + deltaField.length, at + deltaField.length + 8));
        if (sequence < next) roundTrips[target.recorded++] = now - sentAt[sequence]!;
        if (lastEcho > 0) {
          const gap = now - lastEcho;
          // The sender paces a chunk every chunkMs until its last, so consecutive echoes further apart than stallMs are a stall.
          if (gap > result.maxGapMs) result.maxGapMs = gap;
          if (gap > stallMs) {
            result.stalls += 1;
            if (!stalled) result.stalledSessions += 1;
            stalled = true;
          }
        }
        lastEcho = now;
        received += 1;
        result.echoed += 1;
        if (received >= chunks) finish();
      });
      socket.once('close', () => {
        if (!finished) {
          if (next < chunks) fail(result, 'the session was closed while streaming');
          finish();
        }
      });
      const tick = (): void => {
        if (finished) return;
        if (socket.readyState !== WebSocket.OPEN) return finish();
        sentAt[next] = performance.now();
        socket.send(`{"type":"input_audio_buffer.append","audio":"${encode(next)}"}`);
        next += 1;
        result.sent += 1;
        result.sessionSeconds += chunkMs / 1000;
        if (next < chunks) {
          timer = setTimeout(tick, Math.max(0, start + next * chunkMs - performance.now()));
        } else {
          // The last echoes get two seconds to arrive.
          timer = setTimeout(finish, 2000);
        }
      };
      timer = setTimeout(tick, Math.max(0, start - performance.now()));
    });

  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  // Both groups' sessions interleaved, so neither starts first.
  const streams: Array<Promise<void>> = [];
  const longest = Math.max(...groups.map((target) => target.sockets.length));
  for (let index = 0; index < longest; index += 1) for (const target of groups) if (index < target.sockets.length) streams.push(stream(target, target.sockets[index]!));
  await Promise.all(streams);
  loop.disable();
  for (const target of groups) target.result.roundTripMs = target.roundTrips.subarray(0, target.recorded);
  const ms = (nanoseconds: number): number => Math.round(nanoseconds / 1e4) / 100;
  const loopDelay = { p50Ms: ms(loop.percentile(50)), p99Ms: ms(loop.percentile(99)), maxMs: ms(loop.max) };
  const [main, control] = groups;
  return { ...main!.result, loopDelay, ...(control ? { control: { ...control.result, loopDelay } } : {}) };
}
