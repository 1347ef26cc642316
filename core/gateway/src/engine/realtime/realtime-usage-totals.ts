/**
 * A realtime session's usage so far: the reports of its translator added up, and what they are in
 * the gateway's terms — a chat-style Usage (text and audio tokens, cached ones apart) for the token
 * prices, and an AudioMeasure (audio seconds both ways, billed session seconds) for the per-minute
 * ones.
 */
import type { RealtimeUsage, Usage } from '@conduit/plugin-api';
import type { AudioMeasure } from '../../domain/audio-measure.ts';

const fields = [
  'inputAudioSeconds',
  'outputAudioSeconds',
  'inputTextTokens',
  'inputAudioTokens',
  'cachedInputTokens',
  'outputTextTokens',
  'outputAudioTokens',
  'billedSeconds',
] as const satisfies ReadonlyArray<keyof RealtimeUsage>;

const amount = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0);

export class RealtimeUsageTotals {
  private readonly totals: Required<RealtimeUsage> = {
    inputAudioSeconds: 0,
    outputAudioSeconds: 0,
    inputTextTokens: 0,
    inputAudioTokens: 0,
    cachedInputTokens: 0,
    outputTextTokens: 0,
    outputAudioTokens: 0,
    billedSeconds: 0,
  };

  /** Adds one report; values that are not positive finite numbers count as nothing. */
  add(report: RealtimeUsage): void {
    for (const field of fields) this.totals[field] += amount(report[field]);
  }

  get current(): Readonly<Required<RealtimeUsage>> {
    return this.totals;
  }

  hasTokens(): boolean {
    const t = this.totals;
    return t.inputTextTokens + t.inputAudioTokens + t.outputTextTokens + t.outputAudioTokens > 0;
  }

  /** The tokens as a chat Usage (audio tokens in the details, as OpenAI's audio chat reports them); undefined without any. */
  usage(): Usage | undefined {
    if (!this.hasTokens()) return undefined;
    const t = this.totals;
    const prompt = Math.round(t.inputTextTokens + t.inputAudioTokens);
    const completion = Math.round(t.outputTextTokens + t.outputAudioTokens);
    return {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
      prompt_tokens_details: { cached_tokens: Math.min(prompt, Math.round(t.cachedInputTokens)), audio_tokens: Math.round(t.inputAudioTokens) },
      completion_tokens_details: { audio_tokens: Math.round(t.outputAudioTokens) },
    };
  }

  audio(): AudioMeasure {
    const t = this.totals;
    return { inputSeconds: t.inputAudioSeconds, outputSeconds: t.outputAudioSeconds, sessionSeconds: t.billedSeconds };
  }
}
