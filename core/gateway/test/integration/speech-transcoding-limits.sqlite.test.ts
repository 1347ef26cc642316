/**
 * The cap on ffmpeg runs, with real ffmpeg and the `openai` SDK: one run at once and one waiting
 * (CONDUIT_TRANSCODE_CONCURRENCY=1, CONDUIT_TRANSCODE_QUEUE=1), against an ElevenLabs-shaped upstream
 * that sends a little PCM and then nothing, so that each ffmpeg run lasts until its client leaves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import OpenAI, { APIError } from 'openai';
import { Agent } from 'undici';
import { canTranscode } from '../../src/pipeline/endpoints/openai/audio/transcode-speech.ts';
import { sqliteTarget } from '../support/database-targets.ts';
import { startTestGateway } from '../support/test-gateway.ts';

/** The ffmpeg processes this process started, by pid. */
function ffmpegChildren(): Set<number> {
  const pids = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (comm === 'ffmpeg' && Number(parent) === process.pid && state !== 'Z') pids.add(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

async function waitFor<T>(what: string, check: () => T | undefined, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const newPids = (before: Set<number>): number[] | undefined => {
  const added = [...ffmpegChildren()].filter((pid) => !before.has(pid));
  return added.length > 0 ? added : undefined;
};

const alive = (pid: number): boolean => ffmpegChildren().has(pid);

async function startStallingElevenLabs(): Promise<{ baseUrl: string; requests: () => number; server: Server }> {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    req.resume();
    res.writeHead(200, { 'content-type': 'audio/pcm', 'transfer-encoding': 'chunked' });
    res.write(Buffer.alloc(4800));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests, server };
}

test('one ffmpeg run at once, one waiting, a 503 beyond; a client leaving ends its run or its wait, and no ffmpeg is left', async () => {
  if (!canTranscode()) {
    console.log('transcoding limits test skipped: ffmpeg is not installed');
    return;
  }
  const upstream = await startStallingElevenLabs();
  const gateway = await startTestGateway({ databaseUrl: await sqliteTarget.freshDatabaseUrl(), env: { CONDUIT_TRANSCODE_CONCURRENCY: '1', CONDUIT_TRANSCODE_QUEUE: '1' } });
  const leftovers = ffmpegChildren();
  const agent = new Agent();
  try {
    const provider = await gateway.createProvider({ name: 'stalling', type: 'elevenlabs', baseUrl: upstream.baseUrl, apiKey: 'xi-stalling-0000' });
    await gateway.createDeployment({ modelName: 'slow-voice', providerId: provider, providerModel: 'eleven_flash_v2_5', options: { voiceMap: { alloy: 'JBFqnCBsd6RMkjVDRZzb' } } });
    // Its own connection pool, closed before the gateway: an aborted request leaves undici a fresh
    // connection that never sends anything, which the gateway's drain would wait out.
    const client = new OpenAI({ apiKey: (await gateway.createKey()).key, baseURL: `${gateway.url}/v1`, maxRetries: 0, fetchOptions: { dispatcher: agent } });
    // ElevenLabs makes no WAV: each request is transcoded from PCM.
    const speak = (signal: AbortSignal) =>
      client.audio.speech.create({ model: 'slow-voice', voice: 'alloy', input: 'A long story', response_format: 'wav' }, { maxRetries: 0, signal });
    const outcome = (call: Promise<unknown>) =>
      call.then(
        () => 'answered' as const,
        (error: unknown) => error,
      );

    // A runs: its upstream stalls, and so does its ffmpeg.
    const a = new AbortController();
    const aOutcome = outcome(speak(a.signal));
    const [aPid] = await waitFor('the first ffmpeg run', () => newPids(leftovers));
    assert.is(upstream.requests(), 1);

    // B and C arrive together: one waits, the other is refused at once, in OpenAI's format.
    const b = new AbortController();
    const c = new AbortController();
    const bOutcome = outcome(speak(b.signal));
    const cOutcome = outcome(speak(c.signal));
    const first = await Promise.race([bOutcome.then((value) => ({ value, waiting: c })), cOutcome.then((value) => ({ value, waiting: b }))]);
    assert.instance(first.value, APIError);
    const refused = first.value as APIError;
    assert.is(refused.status, 503);
    assert.is(refused.code, 'server_overloaded');
    assert.is((refused.error as { type?: string }).type, 'server_error');
    assert.is(refused.headers?.get('retry-after'), '1');
    assert.match(refused.message, /1 at once, 1 waiting/);
    // Neither the waiting nor the refused one reached the provider or started ffmpeg.
    assert.is(upstream.requests(), 1);
    assert.equal([...ffmpegChildren()].filter((pid) => !leftovers.has(pid)), [aPid]);

    // The waiting one leaves: its place is free (of D and E, one waits and one is refused) and it never runs.
    first.waiting.abort();
    await (first.waiting === b ? bOutcome : cOutcome);
    const d = new AbortController();
    const e = new AbortController();
    const dOutcome = outcome(speak(d.signal));
    const eOutcome = outcome(speak(e.signal));
    const second = await Promise.race([dOutcome.then((value) => ({ value, waiting: e })), eOutcome.then((value) => ({ value, waiting: d }))]);
    assert.is((second.value as APIError).status, 503);
    assert.is(upstream.requests(), 1);

    // A leaves while running: its ffmpeg is killed, and the waiting request runs in its place.
    const beforeA = ffmpegChildren();
    a.abort();
    await aOutcome;
    await waitFor('the first ffmpeg to end', () => (alive(aPid!) ? undefined : true));
    const [nextPid] = await waitFor('the waiting request to run', () => newPids(beforeA));
    assert.is(upstream.requests(), 2);
    assert.ok(nextPid !== aPid);

    // It leaves too: nothing of ours is left running.
    second.waiting.abort();
    await (second.waiting === d ? dOutcome : eOutcome);
    await waitFor('the second ffmpeg to end', () => (alive(nextPid!) ? undefined : true));
    assert.equal([...ffmpegChildren()].filter((pid) => !leftovers.has(pid)), []);

    // And the slot is free again: a request runs at once (and is ended the same way).
    const f = new AbortController();
    const fOutcome = outcome(speak(f.signal));
    const [fPid] = await waitFor('a fresh run', () => newPids(leftovers));
    assert.is(upstream.requests(), 3);
    f.abort();
    await fOutcome;
    await waitFor('the fresh ffmpeg to end', () => (alive(fPid!) ? undefined : true));
  } finally {
    await agent.destroy();
    await gateway.close();
    upstream.server.closeAllConnections();
    upstream.server.close();
  }
});

test.run();
