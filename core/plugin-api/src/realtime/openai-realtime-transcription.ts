/**
 * Input transcription in OpenAI's Realtime protocol: which model a session transcribes the user's
 * audio with (GA `audio.input.transcription.model`, beta `input_audio_transcription.model`), and the
 * usage of one `conversation.item.input_audio_transcription.completed` — `{type: "tokens",
 * input_tokens, output_tokens, input_token_details: {text_tokens, audio_tokens}}` for token-billed
 * models, `{type: "duration", seconds}` for `whisper-1` — as a RealtimeTranscriptionUsage.
 */
import type { RealtimeTranscriptionUsage } from '../realtime-translator-plugin.ts';

export const openAITranscriptionCompletedEvent = 'conversation.item.input_audio_transcription.completed';

/** Longer is not a model name; such a value is treated as no model (the usage is then unpriced). */
const maxModelLength = 200;

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0);

/**
 * The transcription model a session (either protocol's shape) names: the model, `null` when the
 * session turns transcription off, undefined when it does not mention transcription.
 */
export function openAITranscriptionModel(session: unknown): string | null | undefined {
  if (!session || typeof session !== 'object') return undefined;
  const audio = (session as { audio?: unknown }).audio;
  const input = audio && typeof audio === 'object' ? (audio as { input?: unknown }).input : undefined;
  let setting: unknown;
  if (input && typeof input === 'object' && 'transcription' in input) setting = (input as { transcription?: unknown }).transcription;
  else if ('input_audio_transcription' in session) setting = (session as { input_audio_transcription?: unknown }).input_audio_transcription;
  else return undefined;
  if (setting === null) return null;
  if (!setting || typeof setting !== 'object') return undefined;
  const model = (setting as { model?: unknown }).model;
  return typeof model === 'string' && model.length > 0 && model.length <= maxModelLength ? model : undefined;
}

/**
 * The usage of a transcription-completed event, billed to `model`; undefined when it carries none.
 * Input tokens its details leave out count as audio, the dearer bucket, as for a response's usage.
 */
export function openAITranscriptionUsage(usage: unknown, model: string | undefined): RealtimeTranscriptionUsage | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  const u = usage as { type?: unknown; seconds?: unknown; input_tokens?: unknown; output_tokens?: unknown; input_token_details?: unknown };
  const result: RealtimeTranscriptionUsage = model === undefined ? {} : { model };
  if (u.type === 'duration' || (u.type === undefined && u.seconds !== undefined)) {
    const seconds = count(u.seconds);
    if (seconds === 0) return undefined;
    result.seconds = seconds;
    return result;
  }
  const details = u.input_token_details && typeof u.input_token_details === 'object' ? (u.input_token_details as { text_tokens?: unknown; audio_tokens?: unknown }) : undefined;
  const text = count(details?.text_tokens);
  const audio = Math.max(count(details?.audio_tokens), count(u.input_tokens) - text);
  const output = count(u.output_tokens);
  if (text + audio + output === 0) return undefined;
  if (audio > 0) result.inputAudioTokens = audio;
  if (text > 0) result.inputTextTokens = text;
  if (output > 0) result.outputTextTokens = output;
  return result;
}
