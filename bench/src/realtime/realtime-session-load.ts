/**
 * The realtime load: N WebSocket sessions speaking the OpenAI Realtime protocol, each streaming
 * 24 kHz PCM16 at real-time pace in 100 ms chunks (`input_audio_buffer.append`), against an upstream
 * that echoes each chunk back as `response.output_audio.delta`. Each chunk carries its sequence number
 * in its first 4 bytes, so the echo is matched to its send: the round trip of every message is kept
 * (a typed array, cheap for hundreds of thousands), and a session whose echoes stop for longer than
 * `stallMs` (between two consecutive echoes) counts a stall.
 */
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

export async function runSessionLoad(options: SessionLoadOptions): Promise<SessionLoadResult> {
  const chunkMs = options.chunkMs ?? 100;
  const stallMs = options.stallMs ?? 500;
  const chunks = Math.ceil((options.seconds * 1000) / chunkMs);
  const encode = chunkEncoder(toneChunk(options.sampleRate ?? 24_000, chunkMs));
  const roundTrips = new Float64Array(options.sessions * (chunks + 1));
  const result: SessionLoadResult = {
    sessions: options.sessions,
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
  const fail = (reason: string): void => {
    result.failedSessions += 1;
    if (result.failures.length < 5 && !result.failures.includes(reason)) result.failures.push(reason);
  };

  const connect = (): Promise<{ socket: WebSocket; connectMs: number } | undefined> =>
    new Promise((resolve) => {
      const started = performance.now();
      const socket = new WebSocket(options.url, { headers: options.headers, perMessageDeflate: false });
      let settled = false;
      const refuse = (reason: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fail(reason);
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

  const sockets: WebSocket[] = [];
  const batch = options.connectBatch ?? 20;
  for (let first = 0; first < options.sessions; first += batch) {
    const opened = await Promise.all(Array.from({ length: Math.min(batch, options.sessions - first) }, connect));
    for (const one of opened) {
      if (!one) continue;
      sockets.push(one.socket);
      result.connectMs.push(one.connectMs);
    }
  }
  result.connected = sockets.length;

  let recorded = 0;
  const streamed = sockets.map(
    (socket) =>
      new Promise<void>((resolve) => {
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
              fail(`error event: ${text.slice(0, 200)}`);
            }
            return;
          }
          const at = text.indexOf(deltaField);
          if (at === -1) return;
          const now = performance.now();
          const sequence = sequenceOf(text.slice(at + deltaField.length, at + deltaField.length + 8));
          if (sequence < next) roundTrips[recorded++] = now - sentAt[sequence]!;
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
            if (next < chunks) fail('the session was closed while streaming');
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
      }),
  );
  await Promise.all(streamed);
  result.roundTripMs = roundTrips.subarray(0, recorded);
  return result;
}
