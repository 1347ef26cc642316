/**
 * The fake OpenAI Realtime upstream checked with the official SDK's OpenAIRealtimeWS, which always
 * dials wss://: the fake serves TLS with a self-signed certificate made here with openssl, and the
 * SDK is given it as the CA.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import type { ConversationItemInputAudioTranscriptionCompletedEvent } from 'openai/resources/realtime/realtime';
import { OpenAIRealtimeWS as OpenAIRealtimeBetaWS } from 'openai/beta/realtime/ws';
import { audioToBase64, pcm16Bytes } from '@conduit/plugin-api';
import { waitUntil } from '@conduit/plugin-api/conformance';
import { fakeRealtimeApiKey, startOpenAIRealtimeFake } from './fake-openai-realtime.ts';

function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-realtime-tls-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const tls = selfSignedCertificate();

test('OpenAIRealtimeWS: session.created, session.update, audio both ways, response.done with usage', async () => {
  const fake = await startOpenAIRealtimeFake({ tls });
  const client = new OpenAI({ apiKey: fakeRealtimeApiKey, baseURL: fake.provider.baseUrl });
  const rt = new OpenAIRealtimeWS({ model: 'gpt-realtime', options: { ca: tls.cert } }, client);
  const seen: Array<{ type: string; [key: string]: unknown }> = [];
  rt.on('event', (event) => seen.push(event as unknown as { type: string }));
  rt.on('error', (error) => seen.push({ type: 'sdk-error', message: String(error.message) }));
  try {
    await waitUntil(() => seen.some((e) => e.type === 'session.created'), 'session.created');
    assert.is(seen[0].type, 'session.created');
    assert.is(fake.handshakes[0].authorization, `Bearer ${fakeRealtimeApiKey}`);
    assert.is(fake.handshakes[0].model, 'gpt-realtime');
    rt.send({ type: 'session.update', session: { type: 'realtime', instructions: 'Hi', audio: { output: { voice: 'cedar' } } } });
    await waitUntil(() => seen.some((e) => e.type === 'session.updated'), 'session.updated');
    const updated = seen.find((e) => e.type === 'session.updated') as unknown as { session: { instructions: string; audio: { output: { voice: string; format: { rate: number } } } } };
    assert.is(updated.session.instructions, 'Hi');
    assert.is(updated.session.audio.output.voice, 'cedar');
    assert.is(updated.session.audio.output.format.rate, 24000, 'the merge kept the untouched fields');
    rt.send({ type: 'input_audio_buffer.append', audio: audioToBase64(pcm16Bytes(new Int16Array(2400))) });
    rt.send({ type: 'input_audio_buffer.commit', event_id: 'evt_commit' });
    await waitUntil(() => seen.some((e) => e.type === 'input_audio_buffer.committed'), 'committed');
    assert.is(fake.receivedAudioBytes(), 4800);
    fake.speak(0.1);
    fake.finishResponse();
    await waitUntil(() => seen.some((e) => e.type === 'response.done'), 'response.done');
    const deltas = seen.filter((e) => e.type === 'response.output_audio.delta');
    assert.is(deltas.reduce((n, e) => n + Buffer.from(String(e.delta), 'base64').length, 0), 4800);
    const done = seen.find((e) => e.type === 'response.done') as unknown as { response: { usage: { input_token_details: { cached_tokens: number } } } };
    assert.is(done.response.usage.input_token_details.cached_tokens, 64);
  } finally {
    rt.close();
    await fake.close();
  }
});

test('the beta OpenAIRealtimeWS against the fake in beta mode: flat session formats, response.audio.delta / .done', async () => {
  const fake = await startOpenAIRealtimeFake({ tls, protocol: 'beta' });
  const client = new OpenAI({ apiKey: fakeRealtimeApiKey, baseURL: fake.provider.baseUrl });
  const rt = new OpenAIRealtimeBetaWS({ model: 'gpt-4o-realtime-preview', options: { ca: tls.cert } }, client);
  const audio: string[] = [];
  let updatedFormat: string | undefined;
  let audioDone = false;
  // Typed listeners: these event names and fields exist in the SDK's beta server events.
  rt.on('response.audio.delta', (event) => audio.push(event.delta));
  rt.on('response.audio.done', () => (audioDone = true));
  rt.on('session.updated', (event) => (updatedFormat = event.session.input_audio_format));
  rt.on('error', () => undefined);
  try {
    rt.socket.on('open', () => rt.send({ type: 'session.update', session: { input_audio_format: 'g711_ulaw' } }));
    await waitUntil(() => updatedFormat !== undefined, 'session.updated');
    assert.is(updatedFormat, 'g711_ulaw');
    fake.speak(0.1);
    fake.finishResponse();
    await waitUntil(() => audioDone, 'response.audio.done');
    assert.is(audio.reduce((n, delta) => n + Buffer.from(delta, 'base64').length, 0), 4800);
  } finally {
    rt.close();
    await fake.close();
  }
});

test('OpenAIRealtimeWS: an empty commit and an unknown event get error events naming the client event', async () => {
  const fake = await startOpenAIRealtimeFake({ tls });
  const client = new OpenAI({ apiKey: fakeRealtimeApiKey, baseURL: fake.provider.baseUrl });
  const rt = new OpenAIRealtimeWS({ model: 'gpt-realtime', options: { ca: tls.cert } }, client);
  const errors: Array<{ error?: { code?: string; event_id?: string } }> = [];
  rt.on('error', (error) => errors.push(error as unknown as { error?: { code?: string; event_id?: string } }));
  try {
    rt.socket.on('open', () => {
      rt.send({ type: 'input_audio_buffer.commit', event_id: 'evt_empty' });
      rt.send({ type: 'no.such_event', event_id: 'evt_unknown' } as never);
    });
    await waitUntil(() => errors.length === 2, 'two error events');
    assert.equal(errors.map((e) => [e.error?.code, e.error?.event_id]), [
      ['input_audio_buffer_commit_empty', 'evt_empty'],
      ['invalid_event', 'evt_unknown'],
    ]);
  } finally {
    rt.close();
    await fake.close();
  }
});

test('OpenAIRealtimeWS: a wrong key is refused with 401 at the handshake', async () => {
  const fake = await startOpenAIRealtimeFake({ tls });
  const client = new OpenAI({ apiKey: 'sk-wrong', baseURL: fake.provider.baseUrl });
  const rt = new OpenAIRealtimeWS({ model: 'gpt-realtime', options: { ca: tls.cert } }, client);
  const errors: string[] = [];
  rt.on('error', (error) => errors.push(String(error.message)));
  try {
    await waitUntil(() => errors.length > 0, 'an error');
    assert.match(errors[0], '401');
  } finally {
    rt.close();
    await fake.close();
  }
});

test('OpenAIRealtimeWS: with input transcription on, a commit brings the transcription events in the SDK’s shape, their usage by tokens or by duration; an unknown transcription model is refused', async () => {
  const fake = await startOpenAIRealtimeFake({ tls });
  const client = new OpenAI({ apiKey: fakeRealtimeApiKey, baseURL: fake.provider.baseUrl });
  const rt = new OpenAIRealtimeWS({ model: 'gpt-realtime', options: { ca: tls.cert } }, client);
  const completed: ConversationItemInputAudioTranscriptionCompletedEvent[] = [];
  const errors: string[] = [];
  rt.on('conversation.item.input_audio_transcription.completed', (event) => completed.push(event));
  rt.on('error', (error) => errors.push(String(error.error?.code ?? error.message)));
  const turn = async (count: number): Promise<void> => {
    rt.send({ type: 'input_audio_buffer.append', audio: audioToBase64(pcm16Bytes(new Int16Array(12000))) });
    rt.send({ type: 'input_audio_buffer.commit' });
    await waitUntil(() => completed.length === count, `transcription ${count}`);
  };
  try {
    await new Promise<void>((resolve) => rt.once('session.created', () => resolve()));
    rt.send({ type: 'session.update', session: { type: 'realtime', audio: { input: { transcription: { model: 'gpt-4o-transcribe' } } } } });
    await turn(1);
    const [tokens] = completed;
    assert.is(tokens!.transcript, fake.transcript);
    assert.ok(tokens!.usage.type === 'tokens' && tokens!.usage.input_tokens === 5 && tokens!.usage.input_token_details?.audio_tokens === 5 && tokens!.usage.total_tokens === tokens!.usage.input_tokens + tokens!.usage.output_tokens);
    rt.send({ type: 'session.update', session: { type: 'realtime', audio: { input: { transcription: { model: 'whisper-1' } } } } });
    await turn(2);
    assert.equal(completed[1]!.usage, { type: 'duration', seconds: 0.5 });
    rt.send({ type: 'session.update', session: { type: 'realtime', audio: { input: { transcription: { model: 'no-such-model' } } } } });
    await waitUntil(() => errors.length === 1, 'the refusal');
    assert.is(errors[0], 'invalid_value');
    await turn(3);
    assert.is(completed[2]!.usage.type, 'duration', 'the refused update left whisper-1 in place');
  } finally {
    rt.close();
    await fake.close();
  }
});

test.run();
