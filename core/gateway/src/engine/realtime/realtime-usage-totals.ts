/**
 * A realtime session's usage so far: the reports of its translator added up, and what they are in
 * the gateway's terms — a chat-style Usage (text and audio tokens, cached ones apart) for the token
 * prices, and an AudioMeasure (audio seconds both ways, billed session seconds) for the per-minute
 * ones — and, apart, the usage of the models that transcribed the user's audio, by model, each to
 * be priced at its own model's price.
 */
import type { RealtimeTranscriptionUsage, RealtimeUsage, Usage } from '@conduit/plugin-api';
import type { AudioMeasure } from '../../domain/audio-measure.ts';
import type { OtherModelUsage } from '../usage/other-model-usage.ts';

/** The session's own counts: every field of a report but `transcription`. */
export type RealtimeUsageCounts = Required<Omit<RealtimeUsage, 'transcription'>>;

type TranscriptionTotals = Required<Omit<RealtimeTranscriptionUsage, 'model'>>;

const fields = [
  'inputAudioSeconds',
  'outputAudioSeconds',
  'inputTextTokens',
  'inputAudioTokens',
  'cachedInputTokens',
  'outputTextTokens',
  'outputAudioTokens',
  'billedSeconds',
] as const satisfies ReadonlyArray<keyof RealtimeUsageCounts>;

const transcriptionFields = ['inputAudioTokens', 'inputTextTokens', 'outputTextTokens', 'seconds'] as const satisfies ReadonlyArray<keyof TranscriptionTotals>;

/** Distinct transcription models kept apart in one session; usage of any further one is kept as of an unknown model (unpriced). */
const maxTranscriptionModels = 8;
const maxModelLength = 200;

const amount = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0);

export class RealtimeUsageTotals {
  private readonly totals: RealtimeUsageCounts = {
    inputAudioSeconds: 0,
    outputAudioSeconds: 0,
    inputTextTokens: 0,
    inputAudioTokens: 0,
    cachedInputTokens: 0,
    outputTextTokens: 0,
    outputAudioTokens: 0,
    billedSeconds: 0,
  };

  /** Transcription usage by model (undefined: a model the translator did not name). */
  private transcriptions: Map<string | undefined, TranscriptionTotals> | undefined;

  /** Adds one report; values that are not positive finite numbers count as nothing. */
  add(report: RealtimeUsage): void {
    for (const field of fields) this.totals[field] += amount(report[field]);
    const transcription = report.transcription;
    if (transcription && typeof transcription === 'object') this.addTranscription(transcription);
  }

  get current(): Readonly<RealtimeUsageCounts> {
    return this.totals;
  }

  /** The transcription usage as usage of other models, one part per model; undefined without any. */
  otherModels(): OtherModelUsage[] | undefined {
    if (!this.transcriptions) return undefined;
    const parts: OtherModelUsage[] = [];
    for (const [model, t] of this.transcriptions) {
      const input = Math.round(t.inputAudioTokens + t.inputTextTokens);
      const output = Math.round(t.outputTextTokens);
      const part: OtherModelUsage = { model };
      if (input + output > 0) {
        part.usage = { prompt_tokens: input, completion_tokens: output, total_tokens: input + output, prompt_tokens_details: { audio_tokens: Math.round(t.inputAudioTokens) } };
      }
      if (t.seconds > 0) part.audio = { inputSeconds: t.seconds };
      parts.push(part);
    }
    return parts;
  }

  private addTranscription(report: RealtimeTranscriptionUsage): void {
    const added = transcriptionFields.map((field) => amount(report[field]));
    if (!added.some((value) => value > 0)) return;
    const named = typeof report.model === 'string' && report.model.length > 0 && report.model.length <= maxModelLength ? report.model : undefined;
    this.transcriptions ??= new Map();
    const model = this.transcriptions.has(named) || this.transcriptions.size < maxTranscriptionModels ? named : undefined;
    let totals = this.transcriptions.get(model);
    if (!totals) this.transcriptions.set(model, (totals = { inputAudioTokens: 0, inputTextTokens: 0, outputTextTokens: 0, seconds: 0 }));
    transcriptionFields.forEach((field, index) => (totals[field] += added[index]!));
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
