/**
 * A realtime session's transcription usage: added up by model apart from the session's own counts,
 * and priced with each transcription model's own price (tokens at its audio-input token price,
 * seconds at its per-minute audio price); a model without a price costs nothing and is unpriced.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RealtimeUsage } from '@conduit/plugin-api';
import { RealtimeUsageTotals } from '../../src/engine/realtime/realtime-usage-totals.ts';
import { otherModelsCost } from '../../src/engine/usage/other-model-usage.ts';
import { builtinPriceTable } from '../../src/engine/usage/builtin-price-table.ts';
import { PriceTable, type ModelPrice } from '../../src/engine/usage/price-table.ts';
import { modelPrice } from '../support/model-price.ts';

const price = modelPrice;

const prices = new PriceTable([
  price('gpt-4o-transcribe', { inputPerMillion: 2.5, outputPerMillion: 10, audioInputPerMillion: 6 }),
  price('whisper-1', { audioInputPerMinute: 0.006 }),
  price('text-priced-transcribe', { inputPerMillion: 2, outputPerMillion: 8 }),
]);

const totalsOf = (...reports: RealtimeUsage[]): RealtimeUsageTotals => {
  const totals = new RealtimeUsageTotals();
  for (const report of reports) totals.add(report);
  return totals;
};

test('transcription usage is kept by model, apart from the session’s own tokens', () => {
  const totals = totalsOf(
    { inputAudioTokens: 100, outputAudioTokens: 50 },
    { transcription: { model: 'gpt-4o-transcribe', inputAudioTokens: 13, outputTextTokens: 9 } },
    { transcription: { model: 'gpt-4o-transcribe', inputAudioTokens: 7, inputTextTokens: 2, outputTextTokens: 1 } },
    { transcription: { model: 'whisper-1', seconds: 2.5 } },
  );
  assert.is(totals.usage()?.prompt_tokens, 100, 'the session’s tokens do not include the transcription’s');
  assert.is(totals.usage()?.completion_tokens, 50);
  assert.equal(totals.otherModels(), [
    { model: 'gpt-4o-transcribe', usage: { prompt_tokens: 22, completion_tokens: 10, total_tokens: 32, prompt_tokens_details: { audio_tokens: 20 } } },
    { model: 'whisper-1', audio: { inputSeconds: 2.5 } },
  ]);
});

test('no transcription reported: no other models', () => {
  assert.is(totalsOf({ inputAudioTokens: 5 }).otherModels(), undefined);
  assert.is(totalsOf({ transcription: { model: 'whisper-1' } }).otherModels(), undefined, 'a report of nothing adds no part');
});

test('tokens at the model’s audio-input token price (text in and out at its token prices); seconds at its per-minute price', () => {
  // 20 audio tokens × $6 + 2 text tokens × $2.5 + 10 out × $10 per 1M = $0.000225; 2.5 s × $0.006/min = $0.00025.
  const totals = totalsOf(
    { transcription: { model: 'gpt-4o-transcribe', inputAudioTokens: 20, inputTextTokens: 2, outputTextTokens: 10 } },
    { transcription: { model: 'whisper-1', seconds: 2.5 } },
  );
  assert.equal(otherModelsCost(totals.otherModels(), prices), { costNanos: 225_000 + 250_000, unpriced: false });
});

test('a model without an audio token price bills its audio tokens as input tokens', () => {
  const totals = totalsOf({ transcription: { model: 'text-priced-transcribe', inputAudioTokens: 1000, outputTextTokens: 100 } });
  assert.equal(otherModelsCost(totals.otherModels(), prices), { costNanos: 2_000_000 + 800_000, unpriced: false });
});

test('the built-in catalogue prices OpenAI’s transcription models (whisper-1 per second, gpt-4o-transcribe per audio token)', () => {
  const totals = totalsOf({ transcription: { model: 'whisper-1', seconds: 60 } }, { transcription: { model: 'gpt-4o-transcribe', inputAudioTokens: 1_000_000 } });
  assert.equal(otherModelsCost(totals.otherModels(), builtinPriceTable()), { costNanos: 6_000_000 + 6_000_000_000, unpriced: false });
});

test('a model no price matches, or none named, costs nothing and is unpriced; the priced parts still count', () => {
  const totals = totalsOf(
    { transcription: { model: 'unpriced-transcribe', seconds: 30 } },
    { transcription: { inputAudioTokens: 40 } },
    { transcription: { model: 'whisper-1', seconds: 60 } },
  );
  assert.equal(otherModelsCost(totals.otherModels(), prices), { costNanos: 6_000_000, unpriced: true });
  assert.equal(otherModelsCost(totalsOf({ transcription: { inputAudioTokens: 40 } }).otherModels(), prices), { costNanos: 0, unpriced: true });
  assert.equal(otherModelsCost(undefined, prices), { costNanos: 0, unpriced: false });
});

test('malformed reports count as nothing and never throw: strings, negatives, NaN, a model that is not a name', () => {
  const hostile = [
    { transcription: { model: 'whisper-1', seconds: '60' } },
    { transcription: { model: 'whisper-1', seconds: -60, inputAudioTokens: Number.NaN, outputTextTokens: Number.POSITIVE_INFINITY } },
    { transcription: 'whisper-1' },
    { transcription: null },
    { transcription: { model: { name: 'whisper-1' }, seconds: 1 } },
    { transcription: { model: 'x'.repeat(500), seconds: 1 } },
  ] as unknown as RealtimeUsage[];
  const totals = totalsOf(...hostile);
  assert.equal(totals.otherModels(), [{ model: undefined, audio: { inputSeconds: 2 } }], 'only the two valid seconds count, under no model');
  assert.equal(otherModelsCost(totals.otherModels(), prices), { costNanos: 0, unpriced: true });
});

test('a session naming ever more models keeps a bounded number apart; the rest is unpriced', () => {
  const totals = new RealtimeUsageTotals();
  for (let index = 0; index < 50; index++) totals.add({ transcription: { model: `model-${index}`, seconds: 1 } });
  totals.add({ transcription: { model: 'model-0', seconds: 1 } });
  const parts = totals.otherModels()!;
  assert.is(parts.length, 9);
  assert.equal(parts[0], { model: 'model-0', audio: { inputSeconds: 2 } }, 'a model already kept still adds up');
  assert.equal(parts.at(-1), { model: undefined, audio: { inputSeconds: 42 } });
  assert.is(parts.reduce((sum, part) => sum + (part.audio?.inputSeconds ?? 0), 0), 51, 'nothing is lost');
});

test.run();
