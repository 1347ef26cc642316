/**
 * The audio conformance checks can fail: each is run against a client that breaks its promise and
 * must throw, and against one that keeps it and must pass.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AudioClient, SpeechAudio } from '../src/audio-plugin.ts';
import { audioChecks, testCallOptions, type AudioConformanceScenario } from '../src/conformance/index.ts';
import { ProviderError } from '../src/provider-error.ts';

const check = (prefix: string) => {
  const found = audioChecks.find((candidate) => candidate.name.startsWith(prefix));
  if (!found) throw new Error(`no check starting with ${prefix}`);
  return found;
};

const bytes = (pieces: Uint8Array[]) =>
  (async function* () {
    for (const piece of pieces) yield piece;
  })();

const goodSpeech = (): SpeechAudio => ({ contentType: 'audio/wav', format: 'wav', body: bytes([new Uint8Array([1, 2, 3])]) });

function scenario(client: AudioClient, declared: Partial<AudioConformanceScenario['declared']> = {}): AudioConformanceScenario {
  return {
    client,
    fake: { provider: { baseUrl: 'http://localhost', credentials: { apiKey: 'sk-secret-value-123' }, options: {} }, close: async () => undefined },
    capabilities: {},
    declared: { transcribe: false, transcribeStream: false, translate: false, speak: false, ...declared },
    credentials: { apiKey: 'sk-secret-value-123' },
    call: (signal) => testCallOptions(signal),
    transcription: () => ({ model: 'm', file: { body: bytes([new Uint8Array(4)]), filename: 'a.wav', format: 'wav', contentType: 'audio/wav' } }),
    speech: (fields) => ({ model: 'm', input: 'Hi', voice: 'v', format: 'wav', ...fields }),
    sample: () => ({ body: bytes([]), filename: 'a.wav', format: 'wav', contentType: 'audio/wav' }),
    unknownVoice: 'nobody',
  };
}

async function fails(work: Promise<void>, what: string): Promise<void> {
  let threw = false;
  try {
    await work;
  } catch {
    threw = true;
  }
  assert.ok(threw, `${what} should fail the check`);
}

test('capabilities: a declared operation without its method fails, and so does an undeclared method', async () => {
  const capabilities = check('capabilities:');
  await fails(capabilities.run(scenario({}, { speak: true })), 'speak declared, no method');
  await fails(capabilities.run(scenario({ speak: async () => goodSpeech() })), 'a speak method, not declared');
  await capabilities.run(scenario({ speak: async () => goodSpeech() }, { speak: true }));
});

test('speak: no content type, the wrong format or no bytes fail', async () => {
  const speak = check('speak:');
  await fails(speak.run(scenario({ speak: async () => ({ ...goodSpeech(), contentType: 'text/plain' }) })), 'a text content type');
  await fails(speak.run(scenario({ speak: async () => ({ ...goodSpeech(), format: 'mp3' }) })), 'another format');
  await fails(speak.run(scenario({ speak: async () => ({ ...goodSpeech(), body: bytes([]) }) })), 'no bytes');
  await speak.run(scenario({ speak: async () => goodSpeech() }));
});

test('transcribe and transcribeStream: empty text or a stream without one done last fail', async () => {
  await fails(check('transcribe:').run(scenario({ transcribe: async () => ({ text: ' ' }) })), 'empty text');
  const stream = check('transcribeStream:');
  await fails(
    stream.run(scenario({ transcribeStream: async function* () { yield { type: 'done', transcription: { text: 'a b' } }; yield { type: 'delta', text: 'late' }; } })),
    'a delta after done',
  );
  await fails(
    stream.run(scenario({ transcribeStream: async function* () { yield { type: 'delta', text: 'a' }; yield { type: 'done', transcription: { text: 'a b' } }; } })),
    'deltas that do not add up',
  );
  await stream.run(scenario({ transcribeStream: async function* () { yield { type: 'delta', text: 'a' }; yield { type: 'delta', text: ' b' }; yield { type: 'done', transcription: { text: 'a b' } }; } }));
});

test('errors: a plain Error, a retryable refusal or a leaked secret fail', async () => {
  const unknownVoice = check('errors: speech with an unknown voice');
  await fails(unknownVoice.run(scenario({ speak: async () => { throw new Error('no such voice'); } })), 'a plain Error');
  await fails(unknownVoice.run(scenario({ speak: async () => { throw new ProviderError({ code: 'server', message: 'no' }); } })), 'a retryable error');
  await fails(unknownVoice.run(scenario({ speak: async () => { throw new ProviderError({ code: 'bad_request', message: 'key sk-secret-value-123 has no voice' }); } })), 'the secret in the message');
  await unknownVoice.run(scenario({ speak: async () => { throw new ProviderError({ code: 'bad_request', message: 'no such voice' }); } }));
});

test('abort: a call that ignores the signal fails; one that honours it passes', async () => {
  const abort = check('abort: speech');
  await fails(abort.run(scenario({ speak: async () => { await new Promise((resolve) => setTimeout(resolve, 60)); return goodSpeech(); } })), 'the signal ignored');
  await abort.run(
    scenario({
      speak: (_request, call) =>
        new Promise((_, reject) => call.signal.addEventListener('abort', () => reject(new ProviderError({ code: 'aborted', message: 'aborted' })))),
    }),
  );
});

test.run();
