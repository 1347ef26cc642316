/**
 * The audio checks: declared capabilities match the client's methods, speech streams bytes with a
 * content type, transcription returns text (and a streamed one ends with exactly one `done`),
 * failures are typed ProviderErrors, and the caller's signal aborts a call.
 */
import * as assert from 'uvu/assert';
import type { SpeechAudio, TranscriptionEvent } from '../audio-plugin.ts';
import { assertNoSecretIn } from './assert-no-secret-in.ts';
import type { AudioConformanceCheck, AudioConformanceScenario } from './audio-conformance-check.ts';
import { expectProviderError } from './testing/expect-provider-error.ts';
import { waitUntil } from './testing/wait-until.ts';
import { within } from './testing/within.ts';

const operations = ['transcribe', 'transcribeStream', 'translate', 'speak'] as const;

async function readAll(audio: SpeechAudio): Promise<{ pieces: number; bytes: number }> {
  let pieces = 0;
  let bytes = 0;
  for await (const piece of audio.body) {
    assert.instance(piece, Uint8Array, 'speech arrives as Uint8Array pieces');
    pieces++;
    bytes += piece.byteLength;
  }
  return { pieces, bytes };
}

/** Starts a call, aborts it once it is under way, and expects `aborted` (from the call or its body). */
async function abortUnderWay(scenario: AudioConformanceScenario, start: (signal: AbortSignal) => Promise<unknown>): Promise<void> {
  const { fake } = scenario;
  const controller = new AbortController();
  let pending: Promise<unknown>;
  if (fake.enqueue && fake.requests) {
    fake.enqueue({ type: 'hang' });
    const before = fake.requests().length;
    pending = start(controller.signal);
    pending.catch(() => undefined);
    await waitUntil(() => fake.requests!().length > before, 'the request reached the fake upstream');
  } else {
    pending = start(controller.signal);
    pending.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  controller.abort();
  const error = await expectProviderError(pending, 'an aborted call');
  assert.is(error.code, 'aborted');
  assert.is(error.retryable, false);
  if (fake.clientClosed && fake.enqueue) await within(fake.clientClosed(), 'the fake upstream saw the client close the request', 5000);
}

async function speakAndRead(scenario: AudioConformanceScenario, signal?: AbortSignal, input?: string): Promise<void> {
  const audio = await scenario.client.speak!(scenario.speech(input ? { input } : {}), scenario.call(signal));
  await readAll(audio);
}

export const audioChecks: AudioConformanceCheck[] = [
  {
    name: 'capabilities: every declared operation has its method, and every method is declared',
    needs: [],
    async run({ client, declared }) {
      for (const operation of operations) {
        const present = typeof client[operation] === 'function';
        assert.is(present, declared[operation], `${operation}: declared ${declared[operation]}, method present ${present}`);
      }
    },
  },
  {
    name: 'speak: streams bytes with an audio content type and the asked format',
    needs: ['speak'],
    async run(scenario) {
      const request = scenario.speech();
      const audio = await scenario.client.speak!(request, scenario.call());
      assert.type(audio.contentType, 'string');
      assert.match(audio.contentType, /^audio\/|^application\/octet-stream/, `a content type for audio (got ${audio.contentType})`);
      assert.is(audio.format, request.format);
      const { pieces, bytes } = await readAll(audio);
      assert.ok(pieces > 0 && bytes > 0, 'speech has bytes');
      const usage = audio.usage?.();
      if (usage) for (const value of Object.values(usage)) assert.ok(value === undefined || (typeof value === 'number' && value >= 0), 'usage figures are numbers');
    },
  },
  {
    name: 'transcribe: returns the text of the sample',
    needs: ['transcribe'],
    async run(scenario) {
      const result = await scenario.client.transcribe!(scenario.transcription(), scenario.call());
      assert.type(result.text, 'string');
      assert.ok(result.text.trim().length > 0, 'the transcript is not empty');
      if (scenario.expectedText) assert.match(result.text, scenario.expectedText);
    },
  },
  {
    name: 'transcribeStream: deltas, then exactly one done, last, whose text the deltas add up to',
    needs: ['transcribeStream'],
    async run(scenario) {
      const events: TranscriptionEvent[] = [];
      for await (const event of scenario.client.transcribeStream!(scenario.transcription(), scenario.call())) events.push(event);
      const done = events.filter((event) => event.type === 'done');
      assert.is(done.length, 1, 'one done event');
      assert.is(events.at(-1)?.type, 'done', 'done comes last');
      const text = done[0]!.type === 'done' ? done[0]!.transcription.text : '';
      assert.ok(text.trim().length > 0, 'the transcript is not empty');
      const deltas = events.flatMap((event) => (event.type === 'delta' ? [event.text] : []));
      if (deltas.length > 0) assert.is(deltas.join('').trim(), text.trim());
      if (scenario.expectedText) assert.match(text, scenario.expectedText);
    },
  },
  {
    name: 'errors: speech with an unknown voice is a non-retryable ProviderError',
    needs: ['speak', 'unknownVoice'],
    async run(scenario) {
      const error = await expectProviderError(
        scenario.client.speak!(scenario.speech({ voice: scenario.unknownVoice! }), scenario.call()).then(readAll),
        'speech with an unknown voice',
      );
      assert.is(error.retryable, false);
      assertNoSecretIn(error.message, scenario.credentials);
    },
  },
  {
    name: 'errors: 401 on speech is authentication, not retryable, without the secret',
    needs: ['speak', 'scripted-upstream'],
    async run(scenario) {
      scenario.fake.enqueue!({ type: 'http-error', status: 401, message: 'Invalid API key' });
      const error = await expectProviderError(speakAndRead(scenario), 'a 401');
      assert.is(error.code, 'authentication');
      assert.is(error.retryable, false);
      assert.is(error.phase, 'before-output');
      assertNoSecretIn(error.message, scenario.credentials);
    },
  },
  {
    name: 'errors: 429 on transcription is rate_limit, retryable, with retryAfterMs',
    needs: ['transcribe', 'scripted-upstream'],
    async run(scenario) {
      scenario.fake.enqueue!({ type: 'http-error', status: 429, message: 'Rate limit exceeded', retryAfterSeconds: 3 });
      const error = await expectProviderError(scenario.client.transcribe!(scenario.transcription(), scenario.call()), 'a 429');
      assert.is(error.code, 'rate_limit');
      assert.is(error.retryable, true);
      assert.is(error.retryAfterMs, 3000);
    },
  },
  {
    name: 'errors: 500 on speech is retryable',
    needs: ['speak', 'scripted-upstream'],
    async run(scenario) {
      scenario.fake.enqueue!({ type: 'http-error', status: 500, message: 'Internal failure' });
      const error = await expectProviderError(speakAndRead(scenario), 'a 500');
      assert.is(error.retryable, true);
    },
  },
  {
    name: 'abort: speech rejects with aborted',
    needs: ['speak'],
    run: (scenario) => abortUnderWay(scenario, (signal) => speakAndRead(scenario, signal, 'This sentence is long enough to take a while to speak. '.repeat(40))),
  },
  {
    name: 'abort: transcription rejects with aborted',
    needs: ['transcribe'],
    run: (scenario) => abortUnderWay(scenario, (signal) => scenario.client.transcribe!(scenario.transcription(), scenario.call(signal))),
  },
];
