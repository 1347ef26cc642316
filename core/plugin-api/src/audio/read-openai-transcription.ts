/**
 * OpenAI's transcription answers read into a `Transcription`: `json` and `verbose_json` bodies, the
 * `transcript.text.done` event, and their usage (tokens for gpt-4o-transcribe, seconds for whisper-1).
 */
import type { AudioUsage, Transcription, TranscriptSegment, TranscriptWord } from '../audio-plugin.ts';

type Json = Record<string, unknown>;

export function readTranscription(body: unknown): Transcription | undefined {
  if (!isObject(body) || typeof body.text !== 'string') return undefined;
  const result: Transcription = { text: body.text };
  if (typeof body.language === 'string') result.language = body.language;
  if (typeof body.duration === 'number') result.durationSeconds = body.duration;
  if (Array.isArray(body.segments)) result.segments = body.segments.filter(isObject).map(readSegment);
  if (Array.isArray(body.words)) result.words = body.words.filter(isObject).map(readWord);
  const usage = readAudioUsage(body.usage);
  if (usage) result.usage = usage;
  return result;
}

export function readAudioUsage(usage: unknown): AudioUsage | undefined {
  if (!isObject(usage)) return undefined;
  if (usage.type === 'duration') return typeof usage.seconds === 'number' ? { seconds: usage.seconds } : undefined;
  const result: AudioUsage = {};
  if (typeof usage.input_tokens === 'number') result.inputTokens = usage.input_tokens;
  if (typeof usage.output_tokens === 'number') result.outputTokens = usage.output_tokens;
  const details = usage.input_token_details;
  if (isObject(details)) {
    if (typeof details.audio_tokens === 'number') result.inputAudioTokens = details.audio_tokens;
    if (typeof details.text_tokens === 'number') result.inputTextTokens = details.text_tokens;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

function readSegment(segment: Json): TranscriptSegment {
  const result: TranscriptSegment = { start: numberOr(segment.start), end: numberOr(segment.end), text: String(segment.text ?? '') };
  if (typeof segment.id === 'number' || typeof segment.id === 'string') result.id = segment.id;
  if (typeof segment.speaker === 'string') result.speaker = segment.speaker;
  return result;
}

function readWord(word: Json): TranscriptWord {
  return { word: String(word.word ?? ''), start: numberOr(word.start), end: numberOr(word.end) };
}

function numberOr(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
