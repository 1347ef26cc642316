/**
 * What an audio call used, as the pipeline bills it: the provider's token counts as a Usage (the
 * audio tokens in their details, so computeCost prices them at the audio token prices), and the
 * seconds and characters as an AudioMeasure — the provider's figure when it reported one, else the
 * gateway's own measure.
 */
import type { AudioUsage, Usage } from '@conduit/plugin-api';
import type { AudioMeasure } from '../../../../domain/audio-measure.ts';
import type { AnswerUsage } from '../../../endpoint.ts';

export function tokenUsageOf(usage: AudioUsage | undefined): Usage | undefined {
  if (!usage || (usage.inputTokens === undefined && usage.outputTokens === undefined)) return undefined;
  const input = usage.inputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  const tokens: Usage = { prompt_tokens: input, completion_tokens: output, total_tokens: input + output };
  if (usage.inputAudioTokens !== undefined) tokens.prompt_tokens_details = { audio_tokens: usage.inputAudioTokens };
  return tokens;
}

const noTokens: Usage = Object.freeze({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });

/** A transcription's usage: tokens when reported, and the seconds heard (the provider's, else measured). */
export function transcriptionUsage(reported: AudioUsage | undefined, measuredSeconds: number): AnswerUsage {
  const audio: AudioMeasure = { inputSeconds: reported?.seconds ?? measuredSeconds };
  return { usage: tokenUsageOf(reported) ?? noTokens, estimated: false, audio };
}

/** Speech's usage: tokens when reported (the output as audio tokens), and the characters spoken. */
export function speechUsage(reported: AudioUsage | undefined, characters: number): AnswerUsage {
  const audio: AudioMeasure = { characters: reported?.characters ?? characters };
  if (reported?.seconds !== undefined) audio.outputSeconds = reported.seconds;
  const tokens = tokenUsageOf(reported);
  if (tokens && reported?.outputTokens !== undefined) tokens.completion_tokens_details = { audio_tokens: reported.outputTokens };
  return { usage: tokens ?? noTokens, estimated: false, audio };
}

/** OpenAI's `usage` object of a transcription answer. */
export function openAITranscriptionUsage(answer: AnswerUsage): Record<string, unknown> | undefined {
  const tokens = answer.usage;
  if (tokens.total_tokens > 0) {
    const audioTokens = tokens.prompt_tokens_details?.audio_tokens;
    return {
      type: 'tokens',
      input_tokens: tokens.prompt_tokens,
      ...(audioTokens !== undefined ? { input_token_details: { text_tokens: Math.max(0, tokens.prompt_tokens - audioTokens), audio_tokens: audioTokens } } : {}),
      output_tokens: tokens.completion_tokens,
      total_tokens: tokens.total_tokens,
    };
  }
  const seconds = answer.audio?.inputSeconds;
  return seconds === undefined ? undefined : { type: 'duration', seconds: Math.ceil(seconds) };
}
