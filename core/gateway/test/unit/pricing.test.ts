import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { computeCost } from '../../src/engine/usage/compute-cost.ts';
import { PriceTable, type ModelPrice } from '../../src/engine/usage/price-table.ts';
import { builtinPriceTable } from '../../src/engine/usage/builtin-price-table.ts';
import { readLiteLlmPrices } from '../../src/engine/usage/litellm-prices.ts';
import { formatNanos, nanosToUsd, usdToNanos } from '../../src/domain/money.ts';
import { modelPrice } from '../support/model-price.ts';

const price = (pattern: string, input: number, output: number, cached: number | null = null): ModelPrice =>
  modelPrice(pattern, { inputPerMillion: input, outputPerMillion: output, cachedInputPerMillion: cached });

test('exact entries win over prefixes; the longest prefix wins among prefixes', () => {
  const table = new PriceTable([price('gpt-*', 1, 1), price('gpt-4o*', 2, 2), price('gpt-4o-mini', 3, 3)]);
  assert.is(table.find('gpt-4o-mini')?.pattern, 'gpt-4o-mini');
  assert.is(table.find('gpt-4o-2024')?.pattern, 'gpt-4o*');
  assert.is(table.find('gpt-3.5')?.pattern, 'gpt-*');
  assert.is(table.find('claude'), undefined);
});

test('the public name is looked up before the provider model', () => {
  const table = new PriceTable([price('my-model', 5, 5), price('gpt-4o', 1, 1)]);
  assert.is(table.find('my-model', 'gpt-4o')?.pattern, 'my-model');
  assert.is(table.find('unpriced-alias', 'gpt-4o')?.pattern, 'gpt-4o');
});

test('cost in nano-dollars: input and output per million; cached tokens at the cached price', () => {
  const usage = { prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500, prompt_tokens_details: { cached_tokens: 400 } };
  // 600 plain input at $2/M, 400 cached at $0.5/M, 500 output at $8/M: $0.0054 exactly
  assert.is(computeCost(usage, price('m', 2, 8, 0.5)), (600 * 2 + 400 * 0.5 + 500 * 8) * 1000);
  // no cached price: cached tokens cost the input price
  assert.is(computeCost(usage, price('m', 2, 8)), (1000 * 2 + 500 * 8) * 1000);
});

test('cache writes: at the cache-write price, those kept for an hour at the 1-hour price (else the cache-write price)', () => {
  const usage = { prompt_tokens: 1000, completion_tokens: 0, total_tokens: 1000, prompt_tokens_details: { cache_write_tokens: 600, cache_write_1h_tokens: 200 } };
  const anthropic = { ...price('m', 3, 15), cacheWritePerMillion: 3.75, cacheWrite1hPerMillion: 6 };
  // 400 plain input at $3/M, 400 five-minute writes at $3.75/M, 200 one-hour writes at $6/M
  assert.is(computeCost(usage, anthropic), (400 * 3 + 400 * 3.75 + 200 * 6) * 1000);
  assert.is(computeCost(usage, { ...anthropic, cacheWrite1hPerMillion: null }), (400 * 3 + 600 * 3.75) * 1000, 'no 1-hour price: the cache-write price');
  assert.is(computeCost({ ...usage, prompt_tokens_details: { cache_write_tokens: 600, cache_write_1h_tokens: 900 } }, anthropic), (400 * 3 + 600 * 6) * 1000, 'never more 1-hour writes than writes');
  // The built-in catalogue: Claude's 1-hour writes at twice the input price.
  const sonnet = builtinPriceTable().find('claude-sonnet-4-5-20250929');
  assert.equal([sonnet?.cacheWritePerMillion, sonnet?.cacheWrite1hPerMillion], [3.75, 6]);
});

test('images: per image returned, unless the answer reports tokens and the model has token prices', () => {
  const tokens = { prompt_tokens: 50, completion_tokens: 4000, total_tokens: 4050 };
  const dallE: ModelPrice = { ...price('dall-e-3', 0, 0), perImage: 0.04 };
  const gptImage: ModelPrice = { ...price('gpt-image-1', 5, 40), perImage: 0.2 };
  // No usage reported: 3 images at $0.04.
  assert.is(computeCost(undefined, dallE, undefined, 3), 120_000_000);
  // Tokens reported, but the model has no token prices: still per image.
  assert.is(computeCost(tokens, dallE, undefined, 3), 120_000_000);
  // Tokens reported at token prices: 50 at $5/M + 4,000 at $40/M = $0.16025, the per-image price unused.
  assert.is(computeCost(tokens, gptImage, undefined, 2), 160_250_000);
  // The same model answering without usage falls back to its per-image price.
  assert.is(computeCost(undefined, gptImage, undefined, 2), 400_000_000);
  // A token-only price and no usage: nothing to bill (the usage recorder marks the row unpriced).
  assert.is(computeCost(undefined, price('tokens-only', 5, 40), undefined, 2), 0);
});

test('audio: seconds at the per-minute prices, characters per 1M, a session by the minute, each only when priced', () => {
  const audioPrice: ModelPrice = { ...price('whisper-1', 0, 0), audioInputPerMinute: 0.006, audioOutputPerMinute: 0.015, speechPerMillionCharacters: 15, sessionPerMinute: 0.05 };
  // 90 s of input at $0.006/min = $0.009
  assert.is(computeCost(undefined, audioPrice, { inputSeconds: 90 }), 9_000_000);
  // 1,000 characters at $15/M = $0.015; 30 s out at $0.015/min = $0.0075
  assert.is(computeCost(undefined, audioPrice, { characters: 1000, outputSeconds: 30 }), 15_000_000 + 7_500_000);
  // 6 s of a session at $0.05/min = $0.005
  assert.is(computeCost(undefined, audioPrice, { sessionSeconds: 6 }), 5_000_000);
  // nothing priced for the measure: free, never NaN
  assert.is(computeCost(undefined, price('m', 1, 1), { inputSeconds: 60, characters: 100, sessionSeconds: 60 }), 0);
});

test('audio tokens at the audio token prices when set, else as text tokens', () => {
  const usage = {
    prompt_tokens: 1000,
    completion_tokens: 500,
    total_tokens: 1500,
    prompt_tokens_details: { audio_tokens: 600 },
    completion_tokens_details: { audio_tokens: 400 },
  };
  const tokenPrice: ModelPrice = { ...price('gpt-realtime', 4, 16), audioInputPerMillion: 32, audioOutputPerMillion: 64 };
  assert.is(computeCost(usage, tokenPrice), (400 * 4 + 600 * 32 + 100 * 16 + 400 * 64) * 1000);
  assert.is(computeCost(usage, price('m', 4, 16)), (1000 * 4 + 500 * 16) * 1000);
});

test('cost is exact where floats are not: 0.15 and 0.6 per million, and a fraction of a nano-dollar rounds once', () => {
  // In floating point (4 * 0.15 + 145 * 0.6) / 1e6 = 0.00008759999999999999
  assert.is((4 * 0.15 + 145 * 0.6) / 1e6, 0.00008759999999999999);
  assert.is(computeCost({ prompt_tokens: 4, completion_tokens: 145, total_tokens: 149 }, price('m', 0.15, 0.6)), 87_600);
  assert.is(formatNanos(87_600), '0.0000876');
  assert.is(nanosToUsd(87_600), 0.0000876);
  // $0.0375/M is 37.5 nano-dollars a token: one token rounds half up to 38, two are exactly 75.
  assert.is(computeCost({ prompt_tokens: 1, completion_tokens: 0, total_tokens: 1 }, price('m', 0.0375, 0)), 38);
  assert.is(computeCost({ prompt_tokens: 2, completion_tokens: 0, total_tokens: 2 }, price('m', 0.0375, 0)), 75);
  // Sums of many small costs stay exact.
  let total = 0;
  for (let i = 0; i < 10_000; i++) total += computeCost({ prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 }, price('m', 0.15, 0.6));
  assert.is(total, 10_000 * (7 * 150 + 3 * 600));
  assert.is(formatNanos(total), '0.0285');
});

test('money: USD to nano-dollars and back, and exact decimals for messages', () => {
  assert.is(usdToNanos(0.00002), 20_000);
  assert.is(usdToNanos(0.1 + 0.2), 300_000_000);
  assert.is(formatNanos(0), '0');
  assert.is(formatNanos(1), '0.000000001');
  assert.is(formatNanos(12_500_000_000), '12.5');
  assert.is(formatNanos(-1_500), '-0.0000015');
  assert.is(String(nanosToUsd(87_750)), '0.00008775');
});

test('the built-in catalogue prices the built-in providers’ models; admin prices win over it', () => {
  const table = new PriceTable([price('gpt-4o', 9, 9)], builtinPriceTable());
  assert.is(table.find('gpt-4o')?.inputPerMillion, 9, 'the admin price');
  const mini = table.find('my-alias', 'gpt-4o-mini');
  assert.is(mini?.builtin, true);
  assert.is(mini?.inputPerMillion, 0.15);
  assert.is(mini?.outputPerMillion, 0.6);
  assert.is(mini?.cachedInputPerMillion, 0.075);
  assert.is(mini?.maxOutputTokens, 16_384);
  for (const model of ['claude-sonnet-4-5-20250929', 'gemini-2.5-flash', 'mistral-large-latest', 'command-r-08-2024', 'amazon.nova-lite-v1:0', 'text-embedding-3-small']) {
    const found = table.find(model);
    assert.ok(found && found.inputPerMillion > 0, `${model} is priced`);
  }
  assert.is(table.find('no-such-model'), undefined);
  // OpenAI's moderation models are free: priced, at 0.
  for (const model of ['omni-moderation-latest', 'text-moderation-latest']) assert.equal([table.find(model)?.builtin, table.find(model)?.inputPerMillion], [true, 0], model);
  // OpenAI's audio prices: per minute, per million characters, per million audio tokens.
  assert.is(table.find('whisper-1')?.audioInputPerMinute, 0.006);
  assert.equal([table.find('tts-1')?.speechPerMillionCharacters, table.find('tts-1-hd')?.speechPerMillionCharacters], [15, 30]);
  const transcribe = table.find('gpt-4o-transcribe');
  assert.equal([transcribe?.inputPerMillion, transcribe?.audioInputPerMillion, transcribe?.outputPerMillion], [2.5, 6, 10]);
  const tts = table.find('gpt-4o-mini-tts');
  assert.equal([tts?.inputPerMillion, tts?.audioOutputPerMillion], [0.6, 12]);
  const realtime = table.find('gpt-realtime');
  assert.equal(
    [realtime?.inputPerMillion, realtime?.cachedInputPerMillion, realtime?.outputPerMillion, realtime?.audioInputPerMillion, realtime?.cachedAudioInputPerMillion, realtime?.audioOutputPerMillion],
    [4, 0.4, 16, 32, 0.4, 64],
  );
  assert.equal([table.find('gpt-realtime-mini')?.audioInputPerMillion, table.find('gpt-realtime-mini')?.audioOutputPerMillion], [10, 20]);
  // The file says where its prices come from and when they were compiled.
  const catalogue = JSON.parse(readFileSync(new URL('../../src/engine/usage/builtin-prices.json', import.meta.url), 'utf8')) as { _catalogue: Record<string, string> };
  assert.match(catalogue._catalogue.source, /LiteLLM/);
  assert.match(catalogue._catalogue.compiled, /^\d{4}-\d\d-\d\d$/);
  assert.match(catalogue._catalogue.audio, /whisper-1 \$0\.006\/min.*compiled|compiled \d{4}-\d\d-\d\d/);
});

test('LiteLLM format: per-token prices per million without float artefacts; prefixes dropped; unpriced entries skipped, never free', () => {
  const { prices, skipped } = readLiteLlmPrices({
    sample_spec: { input_cost_per_token: 0, litellm_provider: 'one of …', mode: 'one of …' },
    'gpt-4o': { input_cost_per_token: 2.5e-6, output_cost_per_token: 1e-5, cache_read_input_token_cost: 1.25e-6, litellm_provider: 'openai', max_output_tokens: 16384, mode: 'chat' },
    'gemini/gemini-2.0-flash': { input_cost_per_token: 1e-7, output_cost_per_token: 4e-7, litellm_provider: 'gemini', mode: 'chat', max_tokens: 8192 },
    'azure/gpt-4o': { input_cost_per_token: 5e-6, output_cost_per_token: 1.5e-5, litellm_provider: 'azure', mode: 'chat' },
    'text-embedding-3-small': { input_cost_per_token: 2e-8, litellm_provider: 'openai', mode: 'embedding' },
    'no-output-price': { input_cost_per_token: 1e-6, litellm_provider: 'openai', mode: 'chat' },
    'dall-e-3': { output_cost_per_image: 0.04, litellm_provider: 'openai', mode: 'image_generation' },
  });
  assert.equal(
    prices.map((entry) => [entry.model, entry.inputPerMillion, entry.outputPerMillion, entry.cachedInputPerMillion, entry.maxOutputTokens]),
    [
      ['gpt-4o', 2.5, 10, 1.25, 16384],
      ['text-embedding-3-small', 0.02, 0, null, null],
      ['gemini-2.0-flash', 0.1, 0.4, null, 8192],
    ],
  );
  assert.is(skipped, 3, 'the chat entry without an output price, the image model, the azure copy of gpt-4o');
  assert.throws(() => readLiteLlmPrices({ bad: { input_cost_per_token: 'cheap', output_cost_per_token: 1, mode: 'chat' } }), /input_cost_per_token must be a number/);
  assert.throws(() => readLiteLlmPrices([]), /JSON object/);
  const claude = readLiteLlmPrices({
    'claude-sonnet-4-5': { input_cost_per_token: 3e-6, output_cost_per_token: 1.5e-5, cache_creation_input_token_cost: 3.75e-6, cache_creation_input_token_cost_above_1hr: 6e-6, litellm_provider: 'anthropic', mode: 'chat' },
    'omni-moderation-latest': { input_cost_per_token: 0, output_cost_per_token: 0, litellm_provider: 'openai', mode: 'moderation' },
  }).prices;
  assert.equal(claude.map((entry) => [entry.model, entry.cacheWritePerMillion, entry.cacheWrite1hPerMillion]), [['claude-sonnet-4-5', 3.75, 6], ['omni-moderation-latest', null, null]]);
});

test('LiteLLM format: audio prices per minute, per million characters and per million audio tokens; audio-only entries have token prices of 0', () => {
  const { prices, skipped } = readLiteLlmPrices({
    'whisper-1': { input_cost_per_second: 0.0001, output_cost_per_second: 0.0001, litellm_provider: 'openai', mode: 'audio_transcription' },
    'tts-1': { input_cost_per_character: 1.5e-5, litellm_provider: 'openai', mode: 'audio_speech' },
    'vertex-voice': { output_cost_per_character: 2e-5, output_cost_per_second: 0.0005, mode: 'audio_speech' },
    'gpt-4o-transcribe': { input_cost_per_token: 2.5e-6, input_cost_per_audio_token: 6e-6, output_cost_per_token: 1e-5, mode: 'audio_transcription' },
    'gpt-4o-mini-tts': { input_cost_per_token: 6e-7, output_cost_per_audio_token: 1.2e-5, mode: 'audio_speech' },
    'gpt-realtime': {
      input_cost_per_token: 4e-6,
      output_cost_per_token: 1.6e-5,
      cache_read_input_token_cost: 4e-7,
      input_cost_per_audio_token: 3.2e-5,
      output_cost_per_audio_token: 6.4e-5,
      cache_read_input_audio_token_cost: 4e-7,
      mode: 'realtime',
    },
    'unpriced-voice': { litellm_provider: 'openai', mode: 'audio_speech' },
    'a-video-model': { input_cost_per_second: 0.1, mode: 'video_generation' },
  });
  const byModel = new Map(prices.map((entry) => [entry.model, entry]));
  const fields = (model: string) => {
    const entry = byModel.get(model)!;
    return [entry.inputPerMillion, entry.outputPerMillion, entry.audioInputPerMinute, entry.audioOutputPerMinute, entry.speechPerMillionCharacters, entry.audioInputPerMillion, entry.audioOutputPerMillion, entry.cachedAudioInputPerMillion, entry.tokenPricesImplied];
  };
  // A transcription's output per second is not an audio output: only speech reads output_cost_per_second.
  assert.equal(fields('whisper-1'), [0, 0, 0.006, null, null, null, null, null, true]);
  assert.equal(fields('tts-1'), [0, 0, null, null, 15, null, null, null, true]);
  assert.equal(fields('vertex-voice'), [0, 0, null, 0.03, 20, null, null, null, true]);
  assert.equal(fields('gpt-4o-transcribe'), [2.5, 10, null, null, null, 6, null, null, false]);
  assert.equal(fields('gpt-4o-mini-tts'), [0.6, 0, null, null, null, null, 12, null, false]);
  assert.equal(fields('gpt-realtime'), [4, 16, null, null, null, 32, 64, 0.4, false]);
  assert.is(byModel.get('gpt-realtime')?.cachedInputPerMillion, 0.4);
  assert.is(skipped, 2, 'the speech entry without any price, the video model');
  assert.throws(() => readLiteLlmPrices({ bad: { input_cost_per_character: -1, mode: 'audio_speech' } }), /input_cost_per_character must be a number/);
});

test.run();
