/**
 * Usage of an OpenAI Realtime `response.done` (`response.usage`), as a RealtimeUsage. Every field
 * is optional on the wire; a live `response.done` sometimes carries only `input_tokens` and
 * `output_tokens`, which then count as audio tokens, the dearer bucket, so a budget is never
 * undercharged. Likewise, tokens of a total that its details leave out (details with only
 * `cached_tokens`, say) count as audio.
 */
import type { RealtimeUsage } from '../realtime-translator-plugin.ts';

interface ResponseUsage {
  input_tokens?: number;
  output_tokens?: number;
  input_token_details?: { text_tokens?: number; audio_tokens?: number; image_tokens?: number; cached_tokens?: number };
  output_token_details?: { text_tokens?: number; audio_tokens?: number };
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0);

export function openAIRealtimeUsage(usage: unknown): RealtimeUsage | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  const u = usage as ResponseUsage;
  const inputDetails = u.input_token_details;
  const outputDetails = u.output_token_details;
  const result: RealtimeUsage = {};
  if (inputDetails && typeof inputDetails === 'object') {
    // Image tokens are billed as text input here: the usage report has no image bucket.
    result.inputTextTokens = count(inputDetails.text_tokens) + count(inputDetails.image_tokens);
    result.inputAudioTokens = Math.max(count(inputDetails.audio_tokens), count(u.input_tokens) - result.inputTextTokens);
    result.cachedInputTokens = count(inputDetails.cached_tokens);
  } else if (u.input_tokens !== undefined) {
    result.inputAudioTokens = count(u.input_tokens);
  }
  if (outputDetails && typeof outputDetails === 'object') {
    result.outputTextTokens = count(outputDetails.text_tokens);
    result.outputAudioTokens = Math.max(count(outputDetails.audio_tokens), count(u.output_tokens) - result.outputTextTokens);
  } else if (u.output_tokens !== undefined) {
    result.outputAudioTokens = count(u.output_tokens);
  }
  return Object.keys(result).length > 0 ? result : undefined;
}
