import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { crossedThresholds } from '../../src/engine/limits/admission-settlement.ts';
import { planAdmission } from '../../src/engine/limits/admission-plan.ts';
import { formatDuration } from '../../src/domain/format-duration.ts';
import { formatUsd, refusalError } from '../../src/engine/limits/limit-errors.ts';
import { rateLimitHeaders } from '../../src/engine/limits/rate-limit-headers.ts';
import { worstCaseCost, worstCaseOutputTokens } from '../../src/engine/limits/reservation-cost.ts';
import { noLimits, type LimitScope } from '../../src/domain/limit-settings.ts';
import type { ModelPrice } from '../../src/engine/usage/price-table.ts';

const price = (input: number, output: number, extra: Partial<ModelPrice> = {}): ModelPrice => ({
  pattern: 'm',
  inputPerMillion: input,
  outputPerMillion: output,
  cachedInputPerMillion: null,
  cacheWritePerMillion: null,
  perImage: null,
  audioInputPerMinute: null,
  audioOutputPerMinute: null,
  ttsPerThousandChars: null,
  batchMultiplier: null,
  ...extra,
});

const key = (limits: Partial<LimitScope['limits']>): LimitScope => ({ kind: 'key', id: 'k1', name: 'team-a', limits: { ...noLimits, ...limits } });
const group = (limits: Partial<LimitScope['limits']>): LimitScope => ({ kind: 'group', id: 'g1', name: 'research', limits: { ...noLimits, ...limits } });

test('the worst case is every prompt token and all allowed output at the dearest deployment', () => {
  // 1000 prompt tokens, 500 output: $2/M in and $8/M out against $1/M and $4/M.
  assert.ok(Math.abs(worstCaseCost([price(1, 4), price(2, 8)], 1000, 500) - (1000 * 2 + 500 * 8) / 1e6) < 1e-15);
  // A cache write dearer than plain input is the worst case for prompt tokens.
  assert.ok(Math.abs(worstCaseCost([price(1, 4, { cacheWritePerMillion: 1.25 })], 1000, 0) - 1250 / 1e6) < 1e-15);
  // Unpriced deployments cost nothing.
  assert.is(worstCaseCost([undefined, undefined], 1000, 500), 0);
  assert.ok(worstCaseCost([undefined, price(1, 1)], 1_000_000, 0) === 1);
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
  assert.equal(crossedThresholds(0, 0.01, 0), [0.5, 0.8, 1], 'any spend on a zero budget uses it up');
});

test('a plan counts each limit of the key and of its group once, budgets at the current period', () => {
  const plan = planAdmission({
    ticket: 't1',
    leaseMs: 60_000,
    now: Date.parse('2026-03-14T12:00:00Z'),
    scopes: [key({ rpm: 10, tpm: 1000, maxBudget: 5, budgetPeriod: 'MONTHLY' }), group({ rpd: 500, maxParallel: 3, maxBudget: 50, budgetPeriod: 'DAILY' })],
    tokenEstimate: 120,
    reservation: 0.25,
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
    { counter: 'conduit:{limits}:key:k1:budget:m:2026-03', limit: 5, amount: 0.25 },
    { counter: 'conduit:{limits}:group:g1:budget:d:2026-03-14', limit: 50, amount: 0.25 },
  ]);
});

test('a budget refusal names the budget, its period, what is spent and reserved, and when it resets', () => {
  const now = Date.parse('2026-03-14T12:00:00Z');
  const plan = planAdmission({ ticket: 't', leaseMs: 1, now, scopes: [key({ maxBudget: 5 }), group({ maxBudget: 2, budgetPeriod: 'MONTHLY' })], tokenEstimate: 0, reservation: 0.5 });
  const error = refusalError(
    plan,
    {
      status: 'refused',
      now,
      windows: [],
      parallel: [],
      budgets: [
        { spend: 1, reserved: 0, refused: false, unbuilt: false },
        { spend: 1.75, reserved: 0.1, refused: true, unbuilt: false },
      ],
    },
    {},
    now,
  );
  assert.is(error.status, 429);
  assert.is(error.code, 'budget_exceeded');
  assert.is(
    error.message,
    "The monthly budget of key group 'research' is exhausted: $1.75 spent of $2, $0.1 reserved by requests in flight; this request may cost up to $0.5. It resets at 2026-04-01T00:00:00.000Z.",
  );
  assert.is(error.headers['retry-after'], String((Date.parse('2026-04-01T00:00:00Z') - now) / 1000));
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
  assert.equal([0, 2, 0.1, 0.000123, 12.3456789].map(formatUsd), ['$0', '$2', '$0.1', '$0.000123', '$12.345679']);
});

test.run();
