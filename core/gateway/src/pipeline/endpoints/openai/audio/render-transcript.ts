/**
 * Renders a plugin's Transcription in the `response_format` the client asked for, with OpenAI's
 * shapes and content types: `json` ({text, usage}), `verbose_json` (task, language, duration, text,
 * segments, words, usage), and `text`, `srt`, `vtt` as plain text. A transcript without segments is
 * one cue over the whole audio.
 */
import type { TranscriptFormat, Transcription, TranscriptSegment } from '@conduit/plugin-api';
import type { AnswerBody } from '../../../endpoint.ts';

export interface TranscriptContext {
  task: 'transcribe' | 'translate';
  format: TranscriptFormat;
  granularities: ReadonlyArray<'word' | 'segment'>;
  /** The language the client named, if any. */
  language: string | undefined;
  /** The duration the gateway measured, when the provider does not say. */
  durationSeconds: number | undefined;
  usage: Record<string, unknown> | undefined;
}

const plain = 'text/plain; charset=utf-8';

export function renderTranscript(transcription: Transcription, context: TranscriptContext): AnswerBody | object {
  const duration = transcription.durationSeconds ?? context.durationSeconds ?? lastEnd(transcription) ?? 0;
  switch (context.format) {
    case 'text':
      return { contentType: plain, body: `${transcription.text}\n` } satisfies AnswerBody;
    case 'srt':
      return { contentType: plain, body: srt(cues(transcription, duration)) } satisfies AnswerBody;
    case 'vtt':
      return { contentType: plain, body: vtt(cues(transcription, duration)) } satisfies AnswerBody;
    case 'verbose_json': {
      const answer: Record<string, unknown> = {
        task: context.task,
        language: context.task === 'translate' ? 'english' : languageName(transcription.language ?? context.language),
        duration,
        text: transcription.text,
      };
      const wantsWords = context.granularities.includes('word');
      if (!wantsWords || context.granularities.includes('segment')) answer.segments = cues(transcription, duration).map(openAISegment);
      if (wantsWords) answer.words = transcription.words ?? [];
      if (context.usage) answer.usage = context.usage;
      return answer;
    }
    default:
      return context.usage ? { text: transcription.text, usage: context.usage } : { text: transcription.text };
  }
}

export function isAnswerBody(value: AnswerBody | object): value is AnswerBody {
  return typeof (value as AnswerBody).contentType === 'string' && typeof (value as AnswerBody).body === 'string';
}

function cues(transcription: Transcription, duration: number): TranscriptSegment[] {
  if (transcription.segments && transcription.segments.length > 0) return transcription.segments;
  return [{ id: 0, start: 0, end: duration, text: transcription.text }];
}

function lastEnd(transcription: Transcription): number | undefined {
  return transcription.segments?.at(-1)?.end;
}

function openAISegment(segment: TranscriptSegment, index: number): Record<string, unknown> {
  return {
    id: typeof segment.id === 'number' ? segment.id : index,
    seek: 0,
    start: segment.start,
    end: segment.end,
    text: segment.text,
    tokens: [],
    temperature: 0,
    avg_logprob: 0,
    compression_ratio: 0,
    no_speech_prob: 0,
  };
}

function srt(segments: readonly TranscriptSegment[]): string {
  return segments.map((segment, index) => `${index + 1}\n${clock(segment.start, ',')} --> ${clock(segment.end, ',')}\n${segment.text.trim()}\n\n`).join('');
}

function vtt(segments: readonly TranscriptSegment[]): string {
  return `WEBVTT\n\n${segments.map((segment) => `${clock(segment.start, '.')} --> ${clock(segment.end, '.')}\n${segment.text.trim()}\n\n`).join('')}`;
}

function clock(seconds: number, separator: string): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${separator}${pad(ms % 1000, 3)}`;
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

/** OpenAI names the language in English words (`english`); providers may give an ISO code. */
function languageName(language: string | undefined): string {
  if (!language) return 'english';
  if (/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(language)) {
    try {
      return (languageNames.of(language.split('-')[0]!) ?? language).toLowerCase();
    } catch {
      return language;
    }
  }
  return language.toLowerCase();
}
