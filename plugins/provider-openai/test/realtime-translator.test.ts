/** The `openai` realtime translator's own behaviour beyond the conformance kit. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { audioToBase64, ProviderError } from '@conduit/plugin-api';
import { connectRealtime, waitUntil } from '@conduit/plugin-api/conformance';
import { openAIRealtimeTranslator, openAIRealtimeUrl } from '../src/index.ts';
import { startOpenAIRealtimeFake } from './fake-openai-realtime.ts';

test('the URL: wss for https, ws for http, the model in the query', () => {
  assert.is(openAIRealtimeUrl('https://api.openai.com/v1', 'gpt-realtime'), 'wss://api.openai.com/v1/realtime?model=gpt-realtime');
  assert.is(openAIRealtimeUrl('http://127.0.0.1:9/v1/', 'a b'), 'ws://127.0.0.1:9/v1/realtime?model=a+b');
});

test('the configured session is applied with session.update right after session.created', async () => {
  const fake = await startOpenAIRealtimeFake();
  const harness = await connectRealtime(openAIRealtimeTranslator, fake, { model: 'gpt-realtime', session: { instructions: 'Speak French.', audio: { output: { voice: 'cedar' } } } });
  try {
    await waitUntil(() => harness.recording.ofType('session.updated').length === 1, 'session.updated');
    assert.equal(fake.received[0], { type: 'session.update', session: { type: 'realtime', instructions: 'Speak French.', audio: { output: { voice: 'cedar' } } } });
    assert.is(harness.recording.sent[0].type, 'session.created');
  } finally {
    await harness.close();
    await fake.close();
  }
});

test('usage: tokens of each response.done, and audio seconds in the session’s formats (G.711 at 8000 bytes/s)', async () => {
  const fake = await startOpenAIRealtimeFake();
  const harness = await connectRealtime(openAIRealtimeTranslator, fake, { model: 'gpt-realtime' });
  try {
    await harness.session.handleClientEvent({ type: 'session.update', session: { type: 'realtime', audio: { input: { format: { type: 'audio/pcmu' } } } } });
    await harness.session.handleClientEvent({ type: 'input_audio_buffer.append', audio: audioToBase64(new Uint8Array(8000)) });
    fake.speak(0.5);
    fake.finishResponse();
    fake.nextUsage = { input_tokens: 7, output_tokens: 9 };
    fake.finishResponse();
    await waitUntil(() => harness.recording.ofType('response.done').length === 2, 'two responses');
    await harness.close();
    const total = harness.recording.totalUsage();
    assert.is(total.inputTextTokens, 119);
    assert.is(total.inputAudioTokens, 13 + 7);
    assert.is(total.cachedInputTokens, 64);
    assert.is(total.outputAudioTokens, 91 + 9);
    assert.is(total.inputAudioSeconds, 1);
    assert.is(total.outputAudioSeconds, 0.5);
  } finally {
    await fake.close();
  }
});

test('usage: a response.done whose token details leave part of the totals out bills the rest as audio, never as nothing', async () => {
  const fake = await startOpenAIRealtimeFake();
  const harness = await connectRealtime(openAIRealtimeTranslator, fake, { model: 'gpt-realtime' });
  try {
    // Every usage field is optional in the GA schema (RealtimeResponseUsage): details may name only the cache.
    fake.nextUsage = { total_tokens: 150, input_tokens: 100, output_tokens: 50, input_token_details: { cached_tokens: 40 }, output_token_details: {} };
    fake.finishResponse();
    await waitUntil(() => harness.recording.ofType('response.done').length === 1, 'response.done');
    await harness.close();
    const total = harness.recording.totalUsage();
    assert.is(total.inputTextTokens + total.inputAudioTokens, 100);
    assert.is(total.outputTextTokens + total.outputAudioTokens, 50);
    assert.is(total.cachedInputTokens, 40);
  } finally {
    await fake.close();
  }
});

test('events pass through as the text they came as: the client frame given with an event, the provider message with each server event', async () => {
  const fake = await startOpenAIRealtimeFake();
  const harness = await connectRealtime(openAIRealtimeTranslator, fake, { model: 'gpt-realtime' });
  try {
    const audio = audioToBase64(new Uint8Array(4800).fill(3));
    const frame = `{ "event_id": "evt_1",  "type": "input_audio_buffer.append", "audio": "${audio}" }`;
    await harness.session.handleClientEvent(JSON.parse(frame), frame);
    await harness.session.handleClientEvent({ type: 'input_audio_buffer.append', audio });
    await waitUntil(() => fake.receivedText.length === 2, 'two appends');
    assert.is(fake.receivedText[0], frame, 'the frame as the client sent it');
    assert.is(fake.receivedText[1], JSON.stringify({ type: 'input_audio_buffer.append', audio }), 'serialised when no text came with it');
    // Audio seconds are counted from the base64 without decoding it.
    assert.throws(() => harness.session.handleClientEvent({ type: 'input_audio_buffer.append', audio: 'AAE-' }, '{}'), /base64/);
    assert.is(fake.receivedText.length, 2, 'an invalid append is not sent on');
    fake.speak(0.2);
    await waitUntil(() => harness.recording.ofType('response.output_audio.delta').length > 0, 'audio deltas');
    harness.recording.sent.forEach((event, index) => {
      const json = harness.recording.sentJson[index];
      if (index === 0) return; // session.created is read before the session starts
      assert.type(json, 'string', `${event.type} comes with its text`);
      assert.equal(JSON.parse(json!), event);
    });
    await harness.close();
    assert.is(harness.recording.totalUsage().inputAudioSeconds, 0.2);
  } finally {
    await fake.close();
  }
});

test('the provider closing with an error code is reported as a mid-stream connection error', async () => {
  const fake = await startOpenAIRealtimeFake();
  const harness = await connectRealtime(openAIRealtimeTranslator, fake, { model: 'gpt-realtime' });
  try {
    await fake.close();
    await waitUntil(() => harness.recording.closedWith !== undefined, 'closed()');
    const error = harness.recording.closedWith;
    assert.ok(ProviderError.isInstance(error) && error.code === 'connection' && error.phase === 'mid-stream', String(error));
  } finally {
    await harness.close().catch(() => undefined);
  }
});


test('the provider closing normally (1000) in the middle of a response is an error, not a quiet end; after the response it is a normal end', async () => {
  const fake = await startOpenAIRealtimeFake();
  const harness = await connectRealtime(openAIRealtimeTranslator, fake, { model: 'gpt-realtime' });
  try {
    fake.speak(0.2);
    await waitUntil(() => harness.recording.ofType('response.output_audio.delta').length > 0, 'audio deltas');
    fake.closeSession(1000);
    await waitUntil(() => harness.recording.closedWith !== undefined, 'closed()');
    const error = harness.recording.closedWith;
    assert.ok(ProviderError.isInstance(error) && error.code === 'connection' && error.phase === 'mid-stream', String(error));
    assert.match(error.message, 'in the middle of a response');
  } finally {
    await harness.close().catch(() => undefined);
  }
  const again = await connectRealtime(openAIRealtimeTranslator, fake, { model: 'gpt-realtime' });
  try {
    fake.speak(0.1);
    fake.finishResponse();
    await waitUntil(() => again.recording.ofType('response.done').length === 1, 'response.done');
    fake.closeSession(1000);
    await waitUntil(() => again.recording.closedWith !== undefined, 'closed()');
    assert.is(again.recording.closedWith, null);
  } finally {
    await again.close().catch(() => undefined);
    await fake.close();
  }
});

test.run();
