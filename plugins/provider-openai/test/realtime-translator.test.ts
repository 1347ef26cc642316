/** The `openai` realtime translator's own behaviour beyond the conformance kit. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { audioToBase64, ProviderError, type RealtimeUsage } from '@conduit/plugin-api';
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

const completed = 'conversation.item.input_audio_transcription.completed';
/** Half a second of PCM16 at 24 kHz. */
const halfSecond = (): string => audioToBase64(new Uint8Array(24000));
const transcriptionReports = (harness: { recording: { usage: RealtimeUsage[] } }) => harness.recording.usage.flatMap((report) => (report.transcription ? [report.transcription] : []));

test('transcription by tokens (GA audio.input.transcription): each completed transcription reports its tokens under its model; the event reaches the client as it came', async () => {
  const fake = await startOpenAIRealtimeFake();
  const harness = await connectRealtime(openAIRealtimeTranslator, fake, { model: 'gpt-realtime' });
  try {
    await harness.session.handleClientEvent({ type: 'session.update', session: { type: 'realtime', audio: { input: { transcription: { model: 'gpt-4o-transcribe', language: 'en' } } } } });
    await waitUntil(() => harness.recording.ofType('session.updated').length === 1, 'session.updated');
    for (let turn = 0; turn < 2; turn++) {
      await harness.session.handleClientEvent({ type: 'input_audio_buffer.append', audio: halfSecond() });
      await harness.session.handleClientEvent({ type: 'input_audio_buffer.commit' });
      await waitUntil(() => harness.recording.ofType(completed).length === turn + 1, `transcription ${turn + 1}`);
    }
    const index = harness.recording.sent.findIndex((event) => event.type === completed);
    const event = harness.recording.sent[index]!;
    assert.is(event.transcript, 'Hey, can you hear me?');
    assert.equal(event.usage, { type: 'tokens', total_tokens: 11, input_tokens: 5, input_token_details: { text_tokens: 0, audio_tokens: 5 }, output_tokens: 6 });
    assert.equal(JSON.parse(harness.recording.sentJson[index]!), event, 'passed on as the text it came as');
    assert.equal(transcriptionReports(harness), [
      { model: 'gpt-4o-transcribe', inputAudioTokens: 5, outputTextTokens: 6 },
      { model: 'gpt-4o-transcribe', inputAudioTokens: 5, outputTextTokens: 6 },
    ]);
    await harness.close();
    assert.is(harness.recording.totalUsage().inputAudioSeconds, 1, 'the session’s own audio is counted as before');
  } finally {
    await fake.close();
  }
});

test('transcription by duration (whisper-1), configured with the session at connect (a client secret’s session): the seconds transcribed', async () => {
  const fake = await startOpenAIRealtimeFake();
  const harness = await connectRealtime(openAIRealtimeTranslator, fake, { model: 'gpt-realtime', session: { audio: { input: { transcription: { model: 'whisper-1' } } } } });
  try {
    await waitUntil(() => harness.recording.ofType('session.updated').length === 1, 'session.updated');
    await harness.session.handleClientEvent({ type: 'input_audio_buffer.append', audio: halfSecond() });
    await harness.session.handleClientEvent({ type: 'input_audio_buffer.commit' });
    await waitUntil(() => harness.recording.ofType(completed).length === 1, 'transcription');
    assert.equal(harness.recording.ofType(completed)[0]!.usage, { type: 'duration', seconds: 0.5 });
    assert.equal(transcriptionReports(harness), [{ model: 'whisper-1', seconds: 0.5 }]);
  } finally {
    await harness.close();
    await fake.close();
  }
});

test('transcription without a model configured: the usage is still reported, naming no model', async () => {
  const fake = await startOpenAIRealtimeFake();
  const harness = await connectRealtime(openAIRealtimeTranslator, fake, { model: 'gpt-realtime' });
  try {
    fake.sendEvent({ type: completed, item_id: 'item_x', content_index: 0, transcript: 'Hello', usage: { type: 'tokens', total_tokens: 9, input_tokens: 7, output_tokens: 2 } });
    await waitUntil(() => harness.recording.ofType(completed).length === 1, 'transcription');
    assert.equal(transcriptionReports(harness), [{ inputAudioTokens: 7, outputTextTokens: 2 }]);
  } finally {
    await harness.close();
    await fake.close();
  }
});

test('a session.update the provider refuses does not change the model billed; one it accepts does', async () => {
  const fake = await startOpenAIRealtimeFake();
  const harness = await connectRealtime(openAIRealtimeTranslator, fake, { model: 'gpt-realtime' });
  const turn = async (count: number): Promise<void> => {
    await harness.session.handleClientEvent({ type: 'input_audio_buffer.append', audio: halfSecond() });
    await harness.session.handleClientEvent({ type: 'input_audio_buffer.commit' });
    await waitUntil(() => harness.recording.ofType(completed).length === count, `transcription ${count}`);
  };
  try {
    await harness.session.handleClientEvent({ type: 'session.update', session: { type: 'realtime', audio: { input: { transcription: { model: 'whisper-1' } } } } });
    await waitUntil(() => harness.recording.ofType('session.updated').length === 1, 'session.updated');
    await harness.session.handleClientEvent({ type: 'session.update', event_id: 'evt_free', session: { type: 'realtime', audio: { input: { transcription: { model: 'free-transcribe' } } } } });
    await waitUntil(() => harness.recording.ofType('error').length === 1, 'the refusal');
    await turn(1);
    await harness.session.handleClientEvent({ type: 'session.update', session: { type: 'realtime', audio: { input: { transcription: { model: 'gpt-4o-mini-transcribe' } } } } });
    await waitUntil(() => harness.recording.ofType('session.updated').length === 2, 'session.updated');
    await turn(2);
    assert.equal(transcriptionReports(harness), [
      { model: 'whisper-1', seconds: 0.5 },
      { model: 'gpt-4o-mini-transcribe', inputAudioTokens: 5, outputTextTokens: 6 },
    ]);
  } finally {
    await harness.close();
    await fake.close();
  }
});

test('a malformed transcription usage (strings, negatives, not an object) counts as nothing; the event still reaches the client and the session goes on', async () => {
  const fake = await startOpenAIRealtimeFake();
  const harness = await connectRealtime(openAIRealtimeTranslator, fake, { model: 'gpt-realtime', session: { audio: { input: { transcription: { model: 'gpt-4o-transcribe' } } } } });
  try {
    await waitUntil(() => harness.recording.ofType('session.updated').length === 1, 'session.updated');
    const malformed = [{ type: 'tokens', input_tokens: '13', output_tokens: -9, total_tokens: 'x', input_token_details: { audio_tokens: -13 } }, { type: 'duration', seconds: '2' }, 'lots', null];
    for (const [index, usage] of malformed.entries()) {
      fake.nextTranscriptionUsage = usage;
      await harness.session.handleClientEvent({ type: 'input_audio_buffer.append', audio: halfSecond() });
      await harness.session.handleClientEvent({ type: 'input_audio_buffer.commit' });
      await waitUntil(() => harness.recording.ofType(completed).length === index + 1, `transcription ${index + 1}`);
    }
    assert.equal(harness.recording.ofType(completed).map((event) => event.usage), malformed);
    fake.finishResponse();
    await waitUntil(() => harness.recording.ofType('response.done').length === 1, 'response.done');
    await harness.close();
    assert.equal(transcriptionReports(harness), []);
    assert.is(harness.recording.totalUsage().outputAudioTokens, 91, 'the response after them is billed');
    assert.is(harness.recording.closedWith, null);
  } finally {
    await fake.close();
  }
});

test.run();
