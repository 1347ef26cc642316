/**
 * What one slice of a realtime session may cost, reserved against budgets before it runs: `seconds`
 * of audio both ways at the dearest deployment's prices — per audio token (OpenAI counts about 10
 * tokens a second of input audio and 20 of output; text prices stand in when a model has no audio
 * price) plus its per-minute session price. The real cost of each slice replaces the reservation
 * when its usage arrives, so the slice only sets how far a session can run ahead of its budget.
 */
import { picosPerToken, picosToNanos } from '../../domain/money.ts';
import type { ModelPrice } from '../usage/price-table.ts';

const inputTokensPerSecond = 10n;
const outputTokensPerSecond = 20n;

export function sessionSliceCost(prices: ReadonlyArray<ModelPrice | undefined>, seconds: number): number {
  const whole = BigInt(Math.max(1, Math.ceil(seconds)));
  let worst = 0n;
  for (const price of prices) {
    if (!price) continue;
    const input = picosPerToken(price.audioInputPerMillion ?? price.inputPerMillion) * inputTokensPerSecond;
    const output = picosPerToken(price.audioOutputPerMillion ?? price.outputPerMillion) * outputTokensPerSecond;
    // picosPerToken(x) is x USD per million tokens in picos per token: x per minute is x·1e6/60 of those a second.
    const session = price.sessionPerMinute ? (picosPerToken(price.sessionPerMinute) * 1_000_000n) / 60n : 0n;
    const picos = whole * (input + output + session);
    if (picos > worst) worst = picos;
  }
  return picosToNanos(worst);
}
