import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { crossedThresholds } from '../../src/engine/limits/admission-settlement.ts';
import { planAdmission } from '../../src/engine/limits/admission-plan.ts';
import { formatDuration } from '../../src/domain/format-duration.ts';
import { refusalError } from '../../src/engine/limits/limit-errors.ts';
import { formatUsd } from '../../src/domain/money.ts';
import { rateLimitHeaders } from '../../src/engine/limits/rate-limit-headers.ts';
import { mediaAllowanceTokens, worstCaseCost, worstCaseImageCost, worstCaseOutputTokens } from '../../src/engine/limits/reservation-cost.ts';
import { audioSecondsBound } from '../../src/engine/usage/audio-seconds-bound.ts';
import { noLimits, type LimitScope } from '../../src/domain/limit-settings.ts';
import type { ModelPrice } from '../../src/engine/usage/price-table.ts';
import { modelPrice } from '../support/model-price.ts';

const price = (input: number, output: number, extra: Partial<ModelPrice> = {}): ModelPrice => modelPrice('m', { inputPerMillion: input, outputPerMillion: output, ...extra });

const key = (limits: Partial<LimitScope['limits']>): LimitScope => ({ kind: 'key', id: 'k1', name: 'team-a', limits: { ...noLimits, ...limits } });
const group = (limits: Partial<LimitScope['limits']>): LimitScope => ({ kind: 'group', id: 'g1', name: 'research', limits: { ...noLimits, ...limits } });

test('an image request reserves n images at the per-image price, or its prompt and n x the output limit at token prices, the dearer', () => {
  // 3 images at $0.04.
  assert.is(worstCaseImageCost([price(0, 0, { perImage: 0.04 })], { promptTokens: 10, images: 3 }, 4096), 120_000_000);
  // Token prices: 10 prompt tokens at $5/M and 2 x 6,240 output at $40/M ($0.49925), dearer than 2 x $0.2.
  assert.is(worstCaseImageCost([price(5, 40, { perImage: 0.2, maxOutputTokens: 6240 })], { promptTokens: 10, images: 2 }, 4096), 499_250_000);
  // Without an output limit, the gateway's default per image; the dearest deployment wins; unpriced ones cost nothing.
  assert.is(worstCaseImageCost([undefined, price(0, 0, { perImage: 0.01 }), price(0, 10)], { promptTokens: 0, images: 1 }, 4096), 40_960_000);
});

test('the worst case is every prompt token and all allowed output at the dearest deployment, in nano-dollars', () => {
  // 1000 prompt tokens, 500 output: $2/M in and $8/M out against $1/M and $4/M.
  assert.is(worstCaseCost([price(1, 4), price(2, 8)], 1000, 500), (1000 * 2 + 500 * 8) * 1000);
  // A cache write dearer than plain input is the worst case for prompt tokens.
  assert.is(worstCaseCost([price(1, 4, { cacheWritePerMillion: 1.25 })], 1000, 0), 1_250_000);
  // Unpriced deployments cost nothing.
  assert.is(worstCaseCost([undefined, undefined], 1000, 500), 0);
  assert.is(worstCaseCost([undefined, price(1, 1)], 1_000_000, 0), 1_000_000_000);
});

test('image and audio parts are reserved as an allowance of prompt tokens', () => {
  const allowance = { tokensPerImage: 1600, tokensPerAudioSecond: 700 };
  assert.is(mediaAllowanceTokens(undefined, allowance), 0);
  assert.is(mediaAllowanceTokens({ images: 3, audioSeconds: 0 }, allowance), 4800);
  assert.is(mediaAllowanceTokens({ images: 0, audioSeconds: 1.5 }, allowance), 1050);
  // A WAV's length comes from its header: 2 s of 16 kHz 16-bit mono.
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.write('WAVE', 8, 'latin1');
  header.writeUInt32LE(32_000, 28);
  const wav = Buffer.concat([header, Buffer.alloc(64_000)]).toString('base64');
  assert.ok(Math.abs(audioSecondsBound(wav, 'wav') - 64_044 / 32_000) < 0.01);
  // Other formats at 32 kbit/s, an upper bound for speech: 8000 bytes are 2 s.
  assert.ok(Math.abs(audioSecondsBound(Buffer.alloc(8000).toString('base64'), 'mp3') - 2) < 0.01);
});

test('without max_tokens the output reserved is the largest known output limit, else the default', () => {
  assert.is(worstCaseOutputTokens(256, [price(1, 1, { maxOutputTokens: 16_384 })], 4096), 256);
  assert.is(worstCaseOutputTokens(undefined, [price(1, 1, { maxOutputTokens: 16_384 }), price(1, 1, { maxOutputTokens: 8192 }), undefined], 4096), 16_384);
  assert.is(worstCaseOutputTokens(undefined, [price(1, 1), undefined], 4096), 4096);
  assert.is(worstCaseOutputTokens(0, [price(1, 1, { maxOutputTokens: 100 })], 4096), 0, 'embeddings produce no output');
});

test('thresholds are crossed once, each when spend first reaches it', () => {
  assert.equal(crossedThresholds(0, 4.9, 10), []);
  assert.equal(crossedThresholds(4.9, 5, 10), [0.5]);
  assert.equal(crossedThresholds(5, 7.9, 10), []);
  assert.equal(crossedThresholds(4, 10, 10), [0.5, 0.8, 1]);
  assert.equal(crossedThresholds(10, 11, 10), []);
  assert.equal(crossedThresholds(0, 1, 0), [0.5, 0.8, 1], 'any spend on a zero budget uses it up');
});

test('a plan counts each limit of the key and of its group once, budgets at the current period', () => {
  const plan = planAdmission({
    ticket: 't1',
    leaseMs: 60_000,
    now: Date.parse('2026-03-14T12:00:00Z'),
    scopes: [key({ rpm: 10, tpm: 1000, maxBudgetNanos: 5e9, budgetPeriod: 'MONTHLY' }), group({ rpd: 500, maxParallel: 3, maxBudgetNanos: 50e9, budgetPeriod: 'DAILY' })],
    tokenEstimate: 120,
    reservation: 250_000_000,
  });
  assert.equal(
    plan.request.windows.map((window) => [window.counter, window.limit, window.weight, window.windowMs, window.bucketMs]),
    [
      ['conduit:{limits}:key:k1:rpm', 10, 1, 60_000, 1_000],
      ['conduit:{limits}:key:k1:tpm', 1000, 120, 60_000, 1_000],
      ['conduit:{limits}:group:g1:rpd', 500, 1, 86_400_000, 60_000],
    ],
  );
  assert.equal(plan.request.parallel, [{ counter: 'conduit:{limits}:group:g1:parallel', limit: 3 }]);
  assert.equal(plan.request.budgets, [
    { counter: 'conduit:{limits}:key:k1:budget-nanos:m:2026-03', limit: 5e9, amount: 250_000_000 },
    { counter: 'conduit:{limits}:group:g1:budget-nanos:d:2026-03-14', limit: 50e9, amount: 250_000_000 },
  ]);
});

test('a spent budget is refused without Retry-After: x-should-retry false, the reset in the message and x-conduit-budget-reset', () => {
  const now = Date.parse('2026-03-14T12:00:00Z');
  const plan = planAdmission({ ticket: 't', leaseMs: 1, now, scopes: [key({ maxBudgetNanos: 5e9 }), group({ maxBudgetNanos: 2e9, budgetPeriod: 'MONTHLY' })], tokenEstimate: 0, reservation: 5e8 });
  const error = refusalError(
    plan,
    {
      status: 'refused',
      now,
      windows: [],
      parallel: [],
      budgets: [
        { spend: 1e9, reserved: 0, refused: false, unbuilt: false },
        { spend: 1.9e9, reserved: 1e8, refused: true, unbuilt: false },
      ],
    },
    { 'x-ratelimit-limit-requests': '3' },
    now,
  );
  assert.is(error.status, 429);
  assert.is(error.type, 'insufficient_quota');
  assert.is(error.code, 'budget_exceeded');
  assert.is(
    error.message,
    "The monthly budget of key group 'research' is exhausted: $1.9 spent of $2, $0.1 reserved by requests in flight. It resets at 2026-04-01T00:00:00.000Z.",
  );
  assert.equal(error.headers, { 'x-ratelimit-limit-requests': '3', 'x-should-retry': 'false', 'x-conduit-budget-reset': '2026-04-01T00:00:00.000Z' });
});

test('a request whose worst case does not fit a small budget is told why the reservation is so large and that max_tokens lowers it', () => {
  const now = Date.parse('2026-03-14T12:00:00Z');
  const plan = planAdmission({ ticket: 't', leaseMs: 1, now, scopes: [key({ maxBudgetNanos: 20_000, budgetPeriod: 'DAILY' })], tokenEstimate: 0, reservation: 2_458_000 });
  const result = { status: 'refused' as const, now, windows: [], parallel: [], budgets: [{ spend: 0, reserved: 0, refused: true, unbuilt: false }] };
  const noMaxTokens = refusalError(plan, result, {}, now, { promptTokens: 8, mediaTokens: 0, outputTokens: 16_384, outputSource: 'model limit' });
  assert.is(
    noMaxTokens.message,
    "This request may cost up to $0.002458, more than the $0.00002 left of the daily budget of virtual key 'team-a' ($0 spent of $0.00002). " +
      "That is its worst case: 8 prompt tokens and 16384 output tokens, the model's output limit, because the request sets no max_tokens. " +
      'Set max_tokens (or max_completion_tokens) to what you need to lower the reservation. It resets at 2026-03-15T00:00:00.000Z.',
  );
  const withMaxTokens = refusalError(plan, result, {}, now, { promptTokens: 8, mediaTokens: 1600, outputTokens: 500, outputSource: 'max_tokens' });
  assert.match(withMaxTokens.message, /1608 prompt tokens \(1600 of them an allowance for its image and audio parts\) and 500 output tokens \(its max_tokens\); a lower max_tokens lowers it\./);
  assert.is(withMaxTokens.headers['retry-after'], undefined);
  const lifetime = planAdmission({ ticket: 't', leaseMs: 1, now, scopes: [key({ maxBudgetNanos: 1e9 })], tokenEstimate: 0, reservation: 1 });
  const spent = refusalError(lifetime, { ...result, budgets: [{ spend: 1e9, reserved: 0, refused: true, unbuilt: false }] }, {}, now);
  assert.is(spent.message, "The lifetime budget of virtual key 'team-a' is exhausted: $1 spent of $1. A lifetime budget does not reset; an admin can raise it.");
  assert.equal(spent.headers, { 'x-should-retry': 'false' });
});

test('a rate refusal names the limit and says when to retry; a request larger than the limit is told so', () => {
  const now = 0;
  const plan = planAdmission({ ticket: 't', leaseMs: 1, now, scopes: [key({ rpm: 3, tpm: 100 })], tokenEstimate: 150, reservation: 0 });
  const rate = refusalError(
    plan,
    { status: 'refused', now, windows: [{ used: 3, resetMs: 59_000, retryAfterMs: 12_300, refused: true }, { used: 0, resetMs: 0, refused: false }], parallel: [], budgets: [] },
    { 'x-ratelimit-limit-requests': '3' },
    now,
  );
  assert.is(rate.code, 'rate_limit_exceeded');
  assert.is(rate.type, 'rate_limit_error');
  assert.is(rate.message, "Rate limit reached for virtual key 'team-a': 3 requests per minute, 3 used. Please try again in 12.3s.");
  assert.equal(rate.headers, { 'x-ratelimit-limit-requests': '3', 'retry-after': '13' });
  const tooLarge = refusalError(
    plan,
    { status: 'refused', now, windows: [{ used: 0, resetMs: 0, refused: false }, { used: 0, resetMs: 0, retryAfterMs: -1, refused: true }], parallel: [], budgets: [] },
    {},
    now,
  );
  assert.match(tooLarge.message, /^Request too large for virtual key 'team-a': the limit is 100 tokens per minute and this request needs 150 tokens/);
  assert.is(tooLarge.headers['retry-after'], undefined);
});

test('rate-limit headers report the tightest request window and the token window, OpenAI style', () => {
  const plan = planAdmission({ ticket: 't', leaseMs: 1, now: 0, scopes: [key({ rpm: 10, tpm: 1000 }), group({ rpm: 5, rpd: 100 })], tokenEstimate: 40, reservation: 0 });
  const headers = rateLimitHeaders(plan.windows, [
    { used: 2, resetMs: 59_000, refused: false },
    { used: 240, resetMs: 1_500, refused: false },
    { used: 4, resetMs: 58_000, refused: false },
    { used: 50, resetMs: 86_000_000, refused: false },
  ]);
  assert.equal(headers, {
    'x-ratelimit-limit-requests': '5',
    'x-ratelimit-remaining-requests': '1',
    'x-ratelimit-reset-requests': '58s',
    'x-ratelimit-limit-tokens': '1000',
    'x-ratelimit-remaining-tokens': '760',
    'x-ratelimit-reset-tokens': '1.5s',
  });
});

test('durations and amounts read the way OpenAI and people write them', () => {
  assert.equal(
    [0, 20, 999, 1000, 1500, 59_999, 60_000, 360_000, 3_723_500].map(formatDuration),
    ['0ms', '20ms', '999ms', '1s', '1.5s', '59.999s', '1m0s', '6m0s', '1h2m3.5s'],
  );
  assert.equal([0, 2e9, 1e8, 123_000, 12_345_678_901].map(formatUsd), ['$0', '$2', '$0.1', '$0.000123', '$12.345678901']);
});

test.run();
