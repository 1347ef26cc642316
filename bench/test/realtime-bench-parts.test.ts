/**
 * The realtime bench's parts, fast enough for `npm test`: its arguments, the chunk sequence numbers the
 * round trips are matched by, the figures, and the echo upstream's protocol (against a real socket,
 * a few messages). The end-to-end run is `npm run bench -- --realtime --smoke`.
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket, { WebSocketServer } from 'ws';
import { parseBenchArgs } from '../src/parse-bench-args.ts';
import { chunkEncoder, runSessionLoad, sequenceOf } from '../src/realtime/realtime-session-load.ts';
import { formatRealtimeReport } from '../src/realtime/run-realtime-bench.ts';
import { realtimeBenchProfiles } from '../src/realtime/realtime-bench-profiles.ts';
import { addedLatency, roundTripFigures, rssTrend, rssVerdict } from '../src/realtime/summarize-session-load.ts';
import { createRealtimeEchoUpstream } from '../src/upstream/create-realtime-echo-upstream.ts';

const benchRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

test('--realtime takes its sessions and seconds; without it there is no realtime run', () => {
  assert.is(parseBenchArgs([], benchRoot).realtime, undefined);
  assert.equal(parseBenchArgs(['--realtime'], benchRoot).realtime, { sessions: undefined, seconds: undefined });
  const args = parseBenchArgs(['--realtime', '--quick', '--realtime-sessions', '50', '--realtime-seconds', '20'], benchRoot);
  assert.equal(args.realtime, { sessions: 50, seconds: 20 });
  assert.is(args.mode, 'quick');
  assert.throws(() => parseBenchArgs(['--realtime', '--realtime-sessions', '0'], benchRoot), /positive integer/);
});

test('a chunk carries its sequence number in its first bytes, read back from the base64 alone', () => {
  const chunk = Buffer.alloc(4800, 7);
  const encode = chunkEncoder(chunk);
  for (const sequence of [0, 1, 255, 2999, 4_000_000]) {
    const base64 = encode(sequence);
    assert.is(sequenceOf(base64), sequence);
    const decoded = Buffer.from(base64, 'base64');
    assert.is(decoded.length, 4800);
    assert.ok(decoded.subarray(4).every((byte) => byte === 7), 'the rest of the audio is unchanged');
  }
  assert.throws(() => chunkEncoder(Buffer.alloc(4801)), /multiple of 3/);
});

test('figures: nearest-rank percentiles, added latency per percentile, RSS slope over the second half', () => {
  const values = Float64Array.from({ length: 100 }, (_, index) => index + 1);
  assert.equal(roundTripFigures(values), { messages: 100, p50Ms: 50, p90Ms: 90, p99Ms: 99, maxMs: 100 });
  assert.equal(roundTripFigures(new Float64Array()), { messages: 0, p50Ms: null, p90Ms: null, p99Ms: null, maxMs: null });
  assert.equal(addedLatency({ messages: 1, p50Ms: 3, p90Ms: 4, p99Ms: 9.5, maxMs: 10 }, { messages: 1, p50Ms: 1, p90Ms: 2, p99Ms: 6, maxMs: 7 }), { p50Ms: 2, p99Ms: 3.5 });
  const mb = 1024 * 1024;
  const flat = rssTrend([0, 60, 120, 180, 240].map((atSeconds) => ({ atSeconds, rssBytes: 200 * mb })));
  assert.equal(flat, {
    startMb: 200,
    peakMb: 200,
    endMb: 200,
    secondHalfSlopeMbPerMinute: 0,
    secondHalfSlopeStdErrorMbPerMinute: 0,
    secondHalfFloorSlopeMbPerMinute: 0,
    // Two windows of the second half hold a sample: a line through two points has no error, so no verdict.
    secondHalfFloorSlopeStdErrorMbPerMinute: null,
    secondHalfWindowMediansMb: [200, 200],
    secondHalfMedianSlopeMbPerMinute: 0,
    secondHalfMedianSlopeStdErrorMbPerMinute: null,
    toleranceMbPerMinute: 1,
    verdict: 'inconclusive',
  });
  const growing = rssTrend([0, 60, 120, 180, 240].map((atSeconds) => ({ atSeconds, rssBytes: (200 + atSeconds / 60) * mb })));
  assert.is(growing.secondHalfSlopeMbPerMinute, 1);
  assert.is(growing.secondHalfFloorSlopeMbPerMinute, 1);
});

test('RSS trend: a sawtooth over a flat floor has a floor slope near 0 and a standard error that covers its all-samples slope; a rising floor shows', () => {
  const mb = 1024 * 1024;
  // Every second for 300 s: a floor, plus up to 60 MB of garbage building up over 23 s and collected.
  const sawtooth = (floorPerMinute: number) =>
    Array.from({ length: 301 }, (_, atSeconds) => ({ atSeconds, rssBytes: (350 + (floorPerMinute * atSeconds) / 60 + ((atSeconds % 23) / 23) * 60) * mb }));
  const flat = rssTrend(sawtooth(0), 30);
  assert.ok(Math.abs(flat.secondHalfFloorSlopeMbPerMinute!) < 0.5, `floor slope ${flat.secondHalfFloorSlopeMbPerMinute}`);
  assert.ok(flat.secondHalfSlopeStdErrorMbPerMinute! > 0.5, `standard error ${flat.secondHalfSlopeStdErrorMbPerMinute}`);
  assert.ok(Math.abs(flat.secondHalfSlopeMbPerMinute!) < 2 * flat.secondHalfSlopeStdErrorMbPerMinute! + 0.5);
  const leaking = rssTrend(sawtooth(2), 30);
  assert.ok(Math.abs(leaking.secondHalfFloorSlopeMbPerMinute! - 2) < 0.6, `floor slope ${leaking.secondHalfFloorSlopeMbPerMinute}`);
  // Windows that cut a 60 MB sawtooth at different phases have medians MBs apart: five of them
  // cannot tell 1 MB/min from flat, and the verdict says so rather than guessing; a steep leak shows.
  assert.is(flat.verdict, 'inconclusive', `medians ${flat.secondHalfWindowMediansMb.join(', ')}: ${flat.secondHalfMedianSlopeMbPerMinute} ± ${flat.secondHalfMedianSlopeStdErrorMbPerMinute}`);
  assert.ok(Math.abs(flat.secondHalfMedianSlopeMbPerMinute!) < 2 * flat.secondHalfMedianSlopeStdErrorMbPerMinute!);
  assert.is(rssTrend(sawtooth(12), 30).verdict, 'growing');
});

test('RSS verdict: a level reached early that V8 holds, with a few seconds\' dip when a collection hands pages back, is flat; the same level climbing is not', () => {
  const mb = 1024 * 1024;
  // As a realtime run looks (bench/results/2026-12-05T04-27-10Z-realtime.json): RSS a few tenths of a
  // MB apart for minutes, then 29 MB lower for 4 s while the young generation regrows.
  const run = (creepPerMinute: number) =>
    Array.from({ length: 601 }, (_, atSeconds) => {
      const dip = atSeconds >= 460 && atSeconds < 464 ? -29 : 0;
      return { atSeconds, rssBytes: (298 + (creepPerMinute * atSeconds) / 60 + ((atSeconds * 7919) % 5) / 10 + dip) * mb };
    });
  const plateau = rssTrend(run(0), 30);
  // The dip drags one floor down and swings the floors' slope; the medians do not see it.
  assert.ok(plateau.secondHalfFloorSlopeStdErrorMbPerMinute! > 1, `floor error ${plateau.secondHalfFloorSlopeStdErrorMbPerMinute}`);
  assert.ok(Math.abs(plateau.secondHalfMedianSlopeMbPerMinute!) < 0.1, `median slope ${plateau.secondHalfMedianSlopeMbPerMinute}`);
  assert.is(plateau.verdict, 'flat');
  assert.is(rssTrend(run(3), 30).verdict, 'growing');
  assert.is(rssTrend(run(1.5), 30).verdict, 'growing');
});

test('the printed report gives the RSS verdict, the window medians and where the memory went', () => {
  const mb = 1024 * 1024;
  const side = { roundTrip: { messages: 10, p50Ms: 1, p99Ms: 2, maxMs: 3 }, stalls: 0, stalledSessions: 0, lost: 0, failedSessions: 0 };
  const rss = rssTrend(Array.from({ length: 301 }, (_, atSeconds) => ({ atSeconds, rssBytes: (300 + atSeconds / 30) * mb })), 30);
  const report = {
    mode: 'full',
    profile: realtimeBenchProfiles.full,
    machine: { cpus: 2, loadAverage: [0.5, 0.5, 0.5] },
    addedLatency: { p50Ms: 0.3, p99Ms: 3 },
    direct: side,
    gateway: {
      ...side,
      rss,
      memory: { secondHalfChangeMb: { rss: 2.5, heapCommitted: 0.5, outsideHeap: 2, external: -0.1 }, oldSpaceAfterMajorGc: [{ atSeconds: 100, usedMb: 71.2 }, { atSeconds: 210, usedMb: 71.5 }], majorGcs: 3 },
    },
  };
  const text = formatRealtimeReport(report);
  assert.match(text, /medians 305\.5, 306\.5, 307\.5, 308\.5, 309\.5 MB, slope 2 ± 0 MB\/min/);
  assert.match(text, /RSS verdict: growing/);
  assert.match(text, /\+2\.5 MB RSS = \+0\.5 V8 heap committed \+2 outside the heap \(external -0\.1\)/);
  assert.match(text, /\(3 in the run\): 71\.2, 71\.5 MB/);
  // A run written before the memory figures existed still prints.
  assert.not.match(formatRealtimeReport({ ...report, gateway: { ...side, rss } }), /Gateway memory/);
});

test('rssVerdict: flat when the slope plus twice its error is within the tolerance, growing when minus twice its error is beyond it', () => {
  assert.is(rssVerdict(0.2, 0.3, 1), 'flat');
  assert.is(rssVerdict(-3, 1.9, 1), 'flat');
  assert.is(rssVerdict(0.5, 0.3, 1), 'inconclusive');
  assert.is(rssVerdict(2.6, 0.5, 1), 'growing');
  assert.is(rssVerdict(2.53, 0.53, 1), 'growing');
  assert.is(rssVerdict(0, null, 1), 'inconclusive');
  assert.is(rssVerdict(null, null, 1), 'inconclusive');
});

test('the echo upstream: session.created first, each appended chunk echoed as an output audio delta, response.done with usage every N chunks', async () => {
  const server = createRealtimeEchoUpstream({ responseEveryChunks: 2 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v1/realtime?model=bench-realtime`;
  const socket = new WebSocket(url);
  const events: Array<{ type: string; [field: string]: unknown }> = [];
  socket.on('message', (data: Buffer) => events.push(JSON.parse(data.toString('utf8')) as never));
  try {
    await new Promise((resolve) => socket.once('open', resolve));
    const audio = chunkEncoder(Buffer.alloc(4800, 1));
    socket.send(JSON.stringify({ type: 'input_audio_buffer.append', audio: audio(41) }));
    socket.send(JSON.stringify({ type: 'input_audio_buffer.append', audio: audio(42) }));
    const deadline = Date.now() + 5000;
    while (events.length < 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(events.map((event) => event.type), ['session.created', 'response.output_audio.delta', 'response.output_audio.delta', 'response.done']);
    assert.is((events[0]!.session as { model: string }).model, 'bench-realtime');
    assert.is(events[1]!.delta, audio(41));
    assert.is(sequenceOf(String(events[2]!.delta)), 42);
    assert.is(((events[3]!.response as { usage: { input_token_details: { audio_tokens: number } } }).usage.input_token_details.audio_tokens), 20);
  } finally {
    socket.close();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('the session load matches echoes to sends and counts a stall when echoes stop', async () => {
  const server = createRealtimeEchoUpstream();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v1/realtime?model=bench-realtime`;
  try {
    const smooth = await runSessionLoad({ url, headers: {}, sessions: 3, seconds: 1 });
    assert.equal([smooth.connected, smooth.sent, smooth.echoed, smooth.stalls, smooth.failedSessions], [3, 30, 30, 0, 0]);
    assert.is(smooth.roundTripMs.length, 30);
    assert.ok(smooth.roundTripMs.every((value) => value >= 0 && value < 1000));
    const refused = await runSessionLoad({ url: url.replace('/v1/realtime', '/nowhere'), headers: {}, sessions: 2, seconds: 1 });
    assert.is(refused.connected, 0);
    assert.is(refused.failedSessions, 2);
    assert.match(refused.failures[0]!, /HTTP 404/);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  // An upstream that echoes the first 5 chunks at once, then holds every echo for 700 ms.
  const holding = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => holding.once('listening', resolve));
  holding.on('connection', (socket) => {
    socket.send(JSON.stringify({ type: 'session.created', session: {} }));
    let count = 0;
    socket.on('message', (data: Buffer) => {
      const { audio } = JSON.parse(data.toString('utf8')) as { audio: string };
      const echo = (): void => socket.send(JSON.stringify({ type: 'response.output_audio.delta', delta: audio }));
      if (++count <= 5) echo();
      else setTimeout(echo, 700);
    });
  });
  try {
    const stalled = await runSessionLoad({ url: `ws://127.0.0.1:${(holding.address() as AddressInfo).port}/`, headers: {}, sessions: 1, seconds: 1 });
    assert.is(stalled.stalls, 1);
    assert.is(stalled.stalledSessions, 1);
    assert.ok(stalled.maxGapMs > 500, `gap ${stalled.maxGapMs}`);
  } finally {
    await new Promise((resolve) => holding.close(resolve));
  }
});

test('control sessions stream to their own URL in the same window and get their own figures', async () => {
  const fast = createRealtimeEchoUpstream();
  await new Promise<void>((resolve) => fast.listen(0, '127.0.0.1', resolve));
  // The control's upstream holds each echo 30 ms, so its round trips are told apart from the main group's.
  const slow = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => slow.once('listening', resolve));
  slow.on('connection', (socket) => {
    socket.send(JSON.stringify({ type: 'session.created', session: {} }));
    socket.on('message', (data: Buffer) => {
      const { audio } = JSON.parse(data.toString('utf8')) as { audio: string };
      setTimeout(() => socket.send(JSON.stringify({ type: 'response.output_audio.delta', delta: audio })), 30);
    });
  });
  try {
    const started = performance.now();
    const load = await runSessionLoad({
      url: `ws://127.0.0.1:${(fast.address() as AddressInfo).port}/v1/realtime?model=bench-realtime`,
      headers: {},
      sessions: 2,
      seconds: 1,
      control: { url: `ws://127.0.0.1:${(slow.address() as AddressInfo).port}/`, headers: {}, sessions: 3 },
    });
    const elapsed = performance.now() - started;
    assert.equal([load.connected, load.sent, load.echoed, load.roundTripMs.length], [2, 20, 20, 20]);
    const control = load.control!;
    assert.equal([control.connected, control.sent, control.echoed, control.roundTripMs.length], [3, 30, 30, 30]);
    assert.ok(control.roundTripMs.every((value) => value >= 29), 'the control round trips are the slow upstream\'s');
    assert.ok(roundTripFigures(load.roundTripMs).p50Ms! < 29, 'the main round trips are the fast upstream\'s');
    // Streamed side by side: one second of audio each, not two in a row.
    assert.ok(elapsed < 1900, `took ${elapsed} ms`);
    assert.ok(load.loopDelay && load.loopDelay.maxMs >= load.loopDelay.p99Ms && load.loopDelay.p99Ms > 0);
    assert.equal(control.loopDelay, load.loopDelay);
    const alone = await runSessionLoad({ url: `ws://127.0.0.1:${(fast.address() as AddressInfo).port}/v1/realtime?model=m`, headers: {}, sessions: 1, seconds: 0.2 });
    assert.is(alone.control, undefined);
  } finally {
    await new Promise((resolve) => fast.close(resolve));
    await new Promise((resolve) => slow.close(resolve));
  }
});

test.run();
