/** The Ultravox translator against the fake Ultravox: the conformance kit, then Ultravox's own mappings. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { audioToBase64, pcm16Bytes, ProviderError } from '@conduit/plugin-api';
import { connectRealtime, runRealtimeConformance, waitUntil } from '@conduit/plugin-api/conformance';
import { ultravoxRealtimeTranslator } from '../src/index.ts';
import { fakeUltravoxApiKey, startUltravoxFake } from './fake-ultravox.ts';

runRealtimeConformance({
  plugin: ultravoxRealtimeTranslator,
  model: 'ultravox-v0.7',
  startFake: startUltravoxFake,
  unsupportedEvents: [
    { type: 'input_audio_buffer.commit', event_id: 'evt_commit' },
    { type: 'response.cancel', event_id: 'evt_cancel' },
    { type: 'conversation.item.delete', item_id: 'item_1' },
  ],
});

const session = {
  type: 'realtime',
  instructions: 'Be brief.',
  audio: { output: { voice: 'Mark' } },
  tools: [
    {
      type: 'function',
      name: 'get_weather',
      description: 'Weather for a city',
      parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } }, required: ['city'] },
    },
  ],
};

async function open() {
  const fake = await startUltravoxFake();
  const harness = await connectRealtime(ultravoxRealtimeTranslator, fake, { model: 'ultravox-v0.7', session });
  return { fake, harness, async close() { await harness.close(); await fake.close(); } };
}

test('the call is created over REST with X-API-Key, a 24 kHz server WebSocket medium, prompt, voice and client tools', async () => {
  const { fake, close } = await open();
  try {
    const [created] = fake.createdCalls;
    assert.is(created.apiKey, fakeUltravoxApiKey);
    assert.is(created.body.systemPrompt, 'Be brief.');
    assert.is(created.body.voice, 'Mark');
    assert.is(created.body.model, 'ultravox-v0.7');
    assert.equal(created.body.medium, { serverWebSocket: { inputSampleRate: 24000, outputSampleRate: 24000, clientBufferSizeMs: 30000 } });
    assert.equal(created.body.selectedTools, [
      {
        temporaryTool: {
          modelToolName: 'get_weather',
          description: 'Weather for a city',
          dynamicParameters: [
            { name: 'city', location: 'PARAMETER_LOCATION_BODY', schema: { type: 'string' }, required: true },
            { name: 'unit', location: 'PARAMETER_LOCATION_BODY', schema: { type: 'string' }, required: false },
          ],
          client: {},
        },
      },
    ]);
    assert.match(fake.joins[0], /apiVersion=1/);
  } finally {
    await close();
  }
});

test('a client tool invocation becomes a function call, and its output goes back as client_tool_result', async () => {
  const { fake, harness, close } = await open();
  try {
    fake.invokeTool('inv-1', 'get_weather', { city: 'Paris' });
    await waitUntil(() => harness.recording.ofType('response.function_call_arguments.done').length === 1, 'the function call');
    const [call] = harness.recording.ofType('response.function_call_arguments.done');
    assert.is(call.call_id, 'inv-1');
    assert.is(call.name, 'get_weather');
    assert.equal(JSON.parse(String(call.arguments)), { city: 'Paris' });
    await harness.session.handleClientEvent({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: 'inv-1', output: '{"temp":21}' } });
    await harness.session.handleClientEvent({ type: 'response.create' });
    await waitUntil(() => fake.received.some((m) => m.type === 'client_tool_result'), 'client_tool_result');
    const result = fake.received.find((m) => m.type === 'client_tool_result');
    assert.equal(result, { type: 'client_tool_result', invocationId: 'inv-1', result: '{"temp":21}', responseType: 'tool-response', agentReaction: 'speaks' });
  } finally {
    await close();
  }
});

test('transcripts: user ones as input transcription, agent ones as audio transcript deltas then done, and the turn ends with response.done', async () => {
  const { fake, harness, close } = await open();
  try {
    fake.userSaid('what is the weather', 3);
    await waitUntil(() => harness.recording.ofType('conversation.item.input_audio_transcription.completed').length === 1, 'the user transcript');
    assert.is(harness.recording.ofType('conversation.item.input_audio_transcription.completed')[0].transcript, 'what is the weather');
    assert.is(harness.recording.ofType('conversation.item.input_audio_transcription.delta')[0].delta, 'wha');
    fake.speak(0.1);
    fake.finishResponse();
    await waitUntil(() => harness.recording.ofType('response.done').length === 1, 'response.done');
    const deltas = harness.recording.ofType('response.output_audio_transcript.delta').map((e) => e.delta);
    assert.equal(deltas, ['Hel', 'lo']);
    assert.is(harness.recording.ofType('response.output_audio_transcript.done')[0].transcript, 'Hello');
    const done = harness.recording.ofType('response.done')[0] as unknown as { response: { status: string } };
    assert.is(done.response.status, 'completed');
  } finally {
    await close();
  }
});

test('speech, a tool call, then more speech once the tool answered: two responses, each with its own transcript', async () => {
  const { fake, harness, close } = await open();
  try {
    fake.speak(0.1);
    fake.finishUtterance('Let me check.');
    fake.invokeTool('inv-7', 'get_weather', { city: 'Oslo' });
    await waitUntil(() => harness.recording.ofType('response.function_call_arguments.done').length === 1, 'the function call');
    await harness.session.handleClientEvent({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: 'inv-7', output: 'sunny' } });
    fake.speak(0.1);
    fake.finishResponse();
    await waitUntil(() => harness.recording.ofType('response.done').length === 2, 'two responses');
    const [first, second] = harness.recording.ofType('response.done') as unknown as Array<{
      response: { status: string; output: Array<{ type: string; call_id?: string; content?: Array<{ transcript?: string }> }> };
    }>;
    assert.is(first.response.output[0].content?.[0].transcript, 'Let me check.');
    assert.is(first.response.output[1].type, 'function_call');
    assert.is(first.response.output[1].call_id, 'inv-7');
    assert.is(second.response.output[0].content?.[0].transcript, 'Hello');
    assert.is(second.response.output.length, 1);
    assert.is(second.response.status, 'completed');
  } finally {
    await close();
  }
});

test('user transcripts in either form (text: all so far, or delta: what was added) reach the client as deltas that add up to the utterance', async () => {
  const { fake, harness, close } = await open();
  try {
    // Ultravox sets exactly one of text and delta on each transcript message (datamessages.mdx).
    fake.send({ type: 'transcript', role: 'user', medium: 'voice', text: 'what', delta: null, final: false, ordinal: 7 });
    fake.send({ type: 'transcript', role: 'user', medium: 'voice', text: 'what is the', delta: null, final: false, ordinal: 7 });
    fake.send({ type: 'transcript', role: 'user', medium: 'voice', text: null, delta: ' weather', final: false, ordinal: 7 });
    fake.send({ type: 'transcript', role: 'user', text: null, delta: '', final: true, ordinal: 7 });
    await waitUntil(() => harness.recording.ofType('conversation.item.input_audio_transcription.completed').length === 1, 'the user transcript');
    const deltas = harness.recording.ofType('conversation.item.input_audio_transcription.delta').map((e) => e.delta);
    assert.equal(deltas, ['what', ' is the', ' weather']);
    assert.is(harness.recording.ofType('conversation.item.input_audio_transcription.completed')[0].transcript, 'what is the weather');
    assert.is(harness.recording.ofType('conversation.item.added').length, 1);
  } finally {
    await close();
  }
});

test('playback_clear_buffer interrupts the turn: speech_started, then response.done cancelled with turn_detected', async () => {
  const { fake, harness, close } = await open();
  try {
    fake.speak(0.1);
    await waitUntil(() => harness.recording.ofType('response.output_audio.delta').length > 0, 'audio');
    fake.clearPlayback();
    await waitUntil(() => harness.recording.ofType('response.done').length === 1, 'response.done');
    const done = harness.recording.ofType('response.done')[0] as unknown as { response: { status: string; status_details: { reason: string } } };
    assert.is(done.response.status, 'cancelled');
    assert.is(done.response.status_details.reason, 'turn_detected');
    assert.is(harness.recording.ofType('input_audio_buffer.speech_started').length, 1);
    await harness.session.handleClientEvent({ type: 'conversation.item.truncate', item_id: 'x', content_index: 0, audio_end_ms: 40 });
    assert.is(harness.recording.ofType('conversation.item.truncated')[0].audio_end_ms, 40);
  } finally {
    await close();
  }
});

test('after barge-in, the rest of the interrupted utterance’s transcript opens no new response', async () => {
  const { fake, harness, close } = await open();
  try {
    fake.speak(0.1);
    await waitUntil(() => harness.recording.ofType('response.output_audio.delta').length > 0, 'audio');
    fake.clearPlayback();
    fake.finishResponse(); // the interrupted utterance's final transcript, then listening
    fake.userSaid('stop', 200);
    await waitUntil(() => harness.recording.ofType('conversation.item.input_audio_transcription.completed').length === 1, 'the user transcript');
    assert.is(harness.recording.ofType('response.created').length, 1);
    assert.is(harness.recording.ofType('response.done').length, 1);
    fake.speak(0.1);
    fake.finishResponse();
    await waitUntil(() => harness.recording.ofType('response.done').length === 2, 'the next response');
    const next = harness.recording.ofType('response.done')[1] as unknown as { response: { status: string; output: Array<{ content?: Array<{ transcript?: string }> }> } };
    assert.is(next.response.status, 'completed');
    assert.is(next.response.output[0].content?.[0].transcript, 'Hello');
  } finally {
    await close();
  }
});

test('user text goes as user_text_message; text-only output as set_output_medium; fixed fields refused', async () => {
  const { fake, harness, close } = await open();
  try {
    await harness.session.handleClientEvent({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] } });
    await harness.session.handleClientEvent({ type: 'session.update', session: { output_modalities: ['text'] } });
    await waitUntil(() => fake.received.length >= 2, 'two data messages');
    assert.equal(fake.received[0], { type: 'user_text_message', text: 'hi', urgency: 'immediate' });
    assert.equal(fake.received[1], { type: 'set_output_medium', medium: 'text' });
    assert.equal((harness.recording.ofType('session.updated')[0].session as { output_modalities: string[] }).output_modalities, ['text']);
    try {
      await harness.session.handleClientEvent({ type: 'session.update', event_id: 'evt_upd', session: { instructions: 'Different.' } });
      assert.unreachable('a new prompt was accepted');
    } catch (error) {
      assert.ok(ProviderError.isInstance(error) && error.code === 'unsupported', String(error));
      assert.match((error as Error).message, 'instructions');
    }
  } finally {
    await close();
  }
});

test('G.711 μ-law input is converted to 24 kHz PCM for Ultravox', async () => {
  const fake = await startUltravoxFake();
  const harness = await connectRealtime(ultravoxRealtimeTranslator, fake, {
    model: 'ultravox-v0.7',
    session: { audio: { input: { format: { type: 'audio/pcmu' } } } },
  });
  try {
    await harness.session.handleClientEvent({ type: 'input_audio_buffer.append', audio: audioToBase64(new Uint8Array(800).fill(0xff)) }); // 0.1 s at 8 kHz
    await waitUntil(() => fake.receivedAudioBytes() >= 4790, `0.1 s at 24 kHz (got ${fake.receivedAudioBytes()} bytes)`);
    assert.ok(fake.receivedAudioBytes() <= 4800);
  } finally {
    await harness.close();
    await fake.close();
  }
});

test('usage: the started 6 s is billed at once, with audio seconds', async () => {
  const { harness, close } = await open();
  await harness.session.handleClientEvent({ type: 'input_audio_buffer.append', audio: audioToBase64(pcm16Bytes(new Int16Array(24000))) });
  await close();
  const total = harness.recording.totalUsage();
  assert.is(total.billedSeconds, 6);
  assert.ok(Math.abs(total.inputAudioSeconds - 1) < 1e-9, String(total.inputAudioSeconds));
});

test('a failing call creation fails the connect with the mapped error', async () => {
  const fake = await startUltravoxFake();
  try {
    const error = await connectRealtime(ultravoxRealtimeTranslator, { provider: { ...fake.provider, baseUrl: `${fake.provider.baseUrl}/nowhere` } }, { model: 'm' }).catch((e: unknown) => e);
    assert.ok(ProviderError.isInstance(error) && error.code === 'not_found', String(error));
  } finally {
    await fake.close();
  }
});

test.run();
