/** The ElevenLabs Agents translator against the fake: the conformance kit, then ElevenLabs' own mappings. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { audioToBase64, pcm16Bytes, ProviderError } from '@conduit/plugin-api';
import { connectRealtime, runRealtimeConformance, waitUntil } from '@conduit/plugin-api/conformance';
import { elevenLabsAgentsTranslator } from '../src/index.ts';
import { fakeElevenLabsApiKey, startElevenLabsAgentsFake } from './fake-elevenlabs-agents.ts';

runRealtimeConformance({
  plugin: elevenLabsAgentsTranslator,
  model: 'agent_fake_1',
  startFake: () => startElevenLabsAgentsFake(),
  unsupportedEvents: [
    { type: 'input_audio_buffer.commit', event_id: 'evt_commit' },
    { type: 'response.cancel', event_id: 'evt_cancel' },
  ],
});

async function open(session: Record<string, unknown> = { instructions: 'Be kind.', audio: { output: { voice: 'voice_abc' } } }) {
  const fake = await startElevenLabsAgentsFake();
  const harness = await connectRealtime(elevenLabsAgentsTranslator, fake, { model: 'agent_fake_1', session });
  return { fake, harness, async close() { await harness.close(); await fake.close(); } };
}

test('signed URL with xi-api-key, then conversation_initiation_client_data with the overrides', async () => {
  const { fake, close } = await open();
  try {
    assert.equal(fake.signedUrlRequests, [{ agentId: 'agent_fake_1', apiKey: fakeElevenLabsApiKey }]);
    assert.equal(fake.received[0], {
      type: 'conversation_initiation_client_data',
      conversation_config_override: { agent: { prompt: { prompt: 'Be kind.' } }, tts: { voice_id: 'voice_abc' } },
      source_info: { source: 'conduit' },
    });
  } finally {
    await close();
  }
});

test('pings are answered inside the translator with the same event_id, and never reach the client', async () => {
  const { fake, harness, close } = await open();
  try {
    fake.ping(4242);
    await waitUntil(() => fake.received.some((m) => m.type === 'pong'), 'a pong');
    assert.equal(fake.received.find((m) => m.type === 'pong'), { type: 'pong', event_id: 4242 });
    assert.not.ok(harness.recording.sent.some((e) => e.type.includes('ping')));
  } finally {
    await close();
  }
});

test('24 kHz client audio is resampled to the agent’s 16 kHz, and 16 kHz agent audio back to 24 kHz', async () => {
  const { fake, harness, close } = await open();
  try {
    await harness.session.handleClientEvent({ type: 'input_audio_buffer.append', audio: audioToBase64(pcm16Bytes(new Int16Array(24000))) });
    await waitUntil(() => fake.receivedAudioBytes() >= 31990, `1 s at 16 kHz (got ${fake.receivedAudioBytes()})`);
    assert.ok(fake.receivedAudioBytes() <= 32000);
    fake.speak(0.5);
    const back = () => harness.recording.ofType('response.output_audio.delta').reduce((n, e) => n + Buffer.from(String(e.delta), 'base64').length, 0);
    await waitUntil(() => back() >= 23990, `0.5 s at 24 kHz back (got ${back()})`);
    assert.ok(back() <= 24000);
  } finally {
    await close();
  }
});

test('agent_response, user_transcript and interruption map to transcript, input transcription and a cancelled response', async () => {
  const { fake, harness, close } = await open();
  try {
    fake.speak(0.1);
    fake.finishResponse();
    fake.send({ type: 'user_transcript', user_transcription_event: { user_transcript: 'thanks', event_id: 2 } });
    await waitUntil(() => harness.recording.ofType('conversation.item.input_audio_transcription.completed').length === 1, 'user transcript');
    assert.is(harness.recording.ofType('response.output_audio_transcript.done')[0].transcript, 'Happy to help.');
    assert.is((harness.recording.ofType('response.done')[0] as unknown as { response: { status: string } }).response.status, 'completed');
    assert.is(harness.recording.ofType('conversation.item.input_audio_transcription.completed')[0].transcript, 'thanks');
    fake.speak(0.1);
    await waitUntil(() => harness.recording.ofType('response.created').length === 2, 'a second turn');
    fake.send({ type: 'interruption', interruption_event: { event_id: 9 } });
    await waitUntil(() => harness.recording.ofType('response.done').length === 2, 'the second response.done');
    const cancelled = harness.recording.ofType('response.done')[1] as unknown as { response: { status: string; status_details: { reason: string } } };
    assert.is(cancelled.response.status, 'cancelled');
    assert.is(cancelled.response.status_details.reason, 'turn_detected');
    assert.is(harness.recording.ofType('input_audio_buffer.speech_started').length, 1);
  } finally {
    await close();
  }
});

test('audio of the interrupted turn that arrives after the interruption is dropped, as ElevenLabs’ own client does', async () => {
  const { fake, harness, close } = await open();
  try {
    fake.speak(0.1);
    await waitUntil(() => harness.recording.ofType('response.created').length === 1, 'a first turn');
    fake.interrupt(3);
    await waitUntil(() => harness.recording.ofType('response.done').length === 1, 'the cancelled response');
    fake.speak(0.1); // the next turn's audio, with later event ids
    await waitUntil(() => harness.recording.ofType('response.created').length === 2, 'a second turn');
    fake.send({ type: 'user_transcript', user_transcription_event: { user_transcript: 'ok', event_id: 99 } });
    await waitUntil(() => harness.recording.ofType('response.done').length === 2, 'the second response.done');
    const sent = harness.recording.sent;
    const cancelledAt = sent.findIndex((e) => e.type === 'response.done');
    const secondCreatedAt = sent.findIndex((e, i) => i > cancelledAt && e.type === 'response.created');
    assert.not.ok(sent.slice(cancelledAt, secondCreatedAt).some((e) => e.type === 'response.output_audio.delta'), 'no audio between the cancelled turn and the next');
    const secondAudio = harness.recording.ofType('response.output_audio.delta').filter((e) => e.response_id === (sent[secondCreatedAt] as unknown as { response: { id: string } }).response.id);
    const bytes = secondAudio.reduce((n, e) => n + Buffer.from(String(e.delta), 'base64').length, 0);
    assert.ok(bytes >= 4790 && bytes <= 4800, `only the 0.1 s of the new turn (got ${bytes} bytes)`);
  } finally {
    await close();
  }
});

test('two agent_responses in one turn (the agent speaks again after a tool call) keep both transcripts, in two responses', async () => {
  const { fake, harness, close } = await open();
  try {
    fake.send({ type: 'agent_response', agent_response_event: { agent_response: 'Let me look that up.', event_id: 1 } });
    fake.speak(0.1);
    fake.send({ type: 'client_tool_call', client_tool_call: { tool_name: 'check', tool_call_id: 'tc_9', parameters: {}, event_id: 2 } });
    await waitUntil(() => harness.recording.ofType('response.function_call_arguments.done').length === 1, 'function call');
    await harness.session.handleClientEvent({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: 'tc_9', output: 'active' } });
    fake.send({ type: 'agent_response', agent_response_event: { agent_response: 'Your account is active.', event_id: 3 } });
    fake.speak(0.1);
    fake.send({ type: 'agent_response', agent_response_event: { agent_response: 'Anything else?', event_id: 4 } });
    fake.send({ type: 'user_transcript', user_transcription_event: { user_transcript: 'no', event_id: 5 } });
    await waitUntil(() => harness.recording.ofType('conversation.item.input_audio_transcription.completed').length === 1, 'user transcript');
    const transcripts = (harness.recording.ofType('response.done') as unknown as Array<{ response: { output: Array<{ type: string; content?: Array<{ transcript?: string }> }> } }>).map(
      (done) => done.response.output[0].content?.[0].transcript,
    );
    assert.equal(transcripts, ['Let me look that up.', 'Your account is active.', 'Anything else?']);
  } finally {
    await close();
  }
});

test('client tools: client_tool_call → function call; function_call_output → client_tool_result; user text → user_message', async () => {
  const { fake, harness, close } = await open();
  try {
    fake.send({ type: 'client_tool_call', client_tool_call: { tool_name: 'check', tool_call_id: 'tc_1', parameters: { user_id: 'u1' }, event_id: 3 } });
    await waitUntil(() => harness.recording.ofType('response.function_call_arguments.done').length === 1, 'function call');
    const call = harness.recording.ofType('response.function_call_arguments.done')[0];
    assert.is(call.call_id, 'tc_1');
    assert.equal(JSON.parse(String(call.arguments)), { user_id: 'u1' });
    await harness.session.handleClientEvent({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: 'tc_1', output: 'active' } });
    await harness.session.handleClientEvent({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'upgrade me' }] } });
    await waitUntil(() => fake.received.length >= 3, 'two messages after initiation');
    assert.equal(fake.received[1], { type: 'client_tool_result', tool_call_id: 'tc_1', result: 'active', is_error: false });
    assert.equal(fake.received[2], { type: 'user_message', text: 'upgrade me' });
  } finally {
    await close();
  }
});

test('an ElevenLabs error event becomes an OpenAI error event; the session goes on', async () => {
  const { fake, harness, close } = await open();
  try {
    fake.send({ type: 'error', error_event: { code: 1011, message: 'LLM failed', error_type: 'llm_error' } });
    await waitUntil(() => harness.recording.ofType('error').length === 1, 'error event');
    assert.match(JSON.stringify(harness.recording.ofType('error')[0]), 'LLM failed');
    assert.is(harness.recording.closedWith, undefined);
  } finally {
    await close();
  }
});

test('usage: elapsed session time as billedSeconds, and audio seconds', async () => {
  const { harness, close } = await open();
  await harness.session.handleClientEvent({ type: 'input_audio_buffer.append', audio: audioToBase64(pcm16Bytes(new Int16Array(12000))) });
  await new Promise((resolve) => setTimeout(resolve, 100));
  await close();
  const total = harness.recording.totalUsage();
  assert.ok(total.billedSeconds >= 0.1 && total.billedSeconds < 5, String(total.billedSeconds));
  assert.ok(Math.abs(total.inputAudioSeconds - 0.5) < 0.001, String(total.inputAudioSeconds));
});

test('signed URL refusals keep ElevenLabs’ own status: an exhausted quota (a 401) is a non-retryable rate_limit, not a bad key; system_busy is overloaded', async () => {
  const cases = [
    {
      error: { status: 401, detail: { status: 'quota_exceeded', message: 'This request exceeds your quota of 10000. You have 0 credits remaining.' } },
      code: 'rate_limit',
      retryable: false,
    },
    { error: { status: 429, detail: { status: 'system_busy', message: 'We are experiencing heavy traffic.' } }, code: 'overloaded', retryable: true },
    { error: { status: 401, detail: { status: 'invalid_api_key', message: 'Invalid API key' } }, code: 'authentication', retryable: false },
  ];
  for (const { error, code, retryable } of cases) {
    const fake = await startElevenLabsAgentsFake({ signedUrlError: error });
    try {
      const failure = await connectRealtime(elevenLabsAgentsTranslator, fake, { model: 'agent_fake_1' }).catch((e: unknown) => e);
      assert.ok(ProviderError.isInstance(failure), String(failure));
      assert.is(failure.code, code, error.detail.status);
      assert.is(failure.retryable, retryable, error.detail.status);
      assert.is(failure.providerCode, error.detail.status);
      assert.match(failure.message, error.detail.message);
    } finally {
      await fake.close();
    }
  }
});

test('no agent id, or an agent whose socket refuses the token, fails the connect', async () => {
  const fake = await startElevenLabsAgentsFake();
  try {
    const missing = await connectRealtime(elevenLabsAgentsTranslator, fake, { model: '' }).catch((e: unknown) => e);
    assert.ok(ProviderError.isInstance(missing) && missing.code === 'bad_request', String(missing));
  } finally {
    await fake.close();
  }
});

test.run();
