import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openAIRealtimeUsage, startSessionClock } from '../src/index.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('per started increment: one at start, one per increment begun, none extra at stop', async () => {
  const reports: number[] = [];
  // The real clock, read through a spy: a loaded machine may sleep past 150 ms, which starts a fourth increment.
  let lastRead = 0;
  const now = () => (lastRead = performance.now());
  const clock = startSessionClock({ mode: 'per-started-increment', incrementSeconds: 0.05, report: (s) => reports.push(s), now });
  const startedAt = lastRead;
  assert.equal(reports, [0.05]);
  await sleep(120);
  const total = clock.stop();
  const begun = Math.ceil((lastRead - startedAt) / 50);
  assert.ok(begun >= 3);
  assert.ok(reports.length >= 3, `reports ${reports}`);
  assert.ok(Math.abs(total - begun * 0.05) < 1e-9, `billed ${total} for ${begun} increments begun`);
  assert.is(clock.stop(), total, 'stop is idempotent');
});

test('per started increment bills the started increment of a short session and a late timer', () => {
  let now = 0;
  const reports: number[] = [];
  const clock = startSessionClock({ mode: 'per-started-increment', incrementSeconds: 6, report: (s) => reports.push(s), now: () => now });
  now = 37_000; // Ultravox's FAQ: a 37 s call is billed as 42 s
  assert.is(clock.stop(), 42);
  assert.equal(reports, [6, 36]);
});

test('elapsed: prorated, the rest at stop', () => {
  let now = 1000;
  const reports: number[] = [];
  const clock = startSessionClock({ mode: 'elapsed', incrementSeconds: 10, report: (s) => reports.push(s), now: () => now });
  assert.equal(reports, []);
  now = 13_500;
  assert.is(clock.stop(), 12.5);
  assert.equal(reports, [12.5]);
});

test('OpenAI usage: details mapped, cached counted, totals alone count as audio', () => {
  assert.equal(
    openAIRealtimeUsage({
      input_tokens: 132,
      output_tokens: 121,
      input_token_details: { text_tokens: 119, audio_tokens: 13, image_tokens: 0, cached_tokens: 64 },
      output_token_details: { text_tokens: 30, audio_tokens: 91 },
    }),
    { inputTextTokens: 119, inputAudioTokens: 13, cachedInputTokens: 64, outputTextTokens: 30, outputAudioTokens: 91 },
  );
  assert.equal(openAIRealtimeUsage({ input_tokens: 10, output_tokens: 20 }), { inputAudioTokens: 10, outputAudioTokens: 20 });
  // Details that leave part of a total out (every detail field is optional): the rest counts as audio.
  assert.equal(
    openAIRealtimeUsage({ input_tokens: 100, output_tokens: 50, input_token_details: { cached_tokens: 40 }, output_token_details: { text_tokens: 10 } }),
    { inputTextTokens: 0, inputAudioTokens: 100, cachedInputTokens: 40, outputTextTokens: 10, outputAudioTokens: 40 },
  );
  assert.equal(
    openAIRealtimeUsage({ input_tokens: 30, input_token_details: { text_tokens: 20 } }),
    { inputTextTokens: 20, inputAudioTokens: 10, cachedInputTokens: 0 },
  );
  assert.is(openAIRealtimeUsage(null), undefined);
  assert.is(openAIRealtimeUsage({}), undefined);
  assert.equal(openAIRealtimeUsage({ input_tokens: -5, output_tokens: 'x' }), { inputAudioTokens: 0, outputAudioTokens: 0 });
});

test.run();
