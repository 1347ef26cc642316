/**
 * OpenAI's speech answer with `stream_format: "sse"` read back into audio bytes: each
 * `speech.audio.delta` carries a piece of the audio in base64, `speech.audio.done` ends it with the
 * usage (input text tokens, output audio tokens). A stream that ends without its done event was cut
 * off: its audio is incomplete, so it fails rather than passing for a short, whole answer.
 */
import type { AudioUsage } from '../audio-plugin.ts';
import { ProviderError } from '../provider-error.ts';
import { readErrorBody } from '../read-error-body.ts';
import { parseSse } from '../sse.ts';
import { readAudioUsage } from './read-openai-transcription.ts';

export interface SpeechEventsReader {
  audio: AsyncIterable<Uint8Array>;
  /** The usage of `speech.audio.done`, once the audio has ended. */
  usage(): AudioUsage | undefined;
}

export function readOpenAISpeechEvents(body: AsyncIterable<Uint8Array>, providerLabel: string): SpeechEventsReader {
  let usage: AudioUsage | undefined;
  async function* audio(): AsyncGenerator<Uint8Array> {
    for await (const event of parseSse(body)) {
      if (event.data === '[DONE]') break;
      let data: Record<string, unknown>;
      try {
        data = JSON.parse(event.data) as Record<string, unknown>;
      } catch (error) {
        throw new ProviderError({ code: 'invalid_response', message: `${providerLabel} sent a speech event that is not JSON`, cause: error });
      }
      if (data.type === 'speech.audio.delta') {
        if (typeof data.audio === 'string' && data.audio.length > 0) yield Buffer.from(data.audio, 'base64');
      } else if (data.type === 'speech.audio.done') {
        usage = readAudioUsage(data.usage);
        return;
      } else if (data.type === 'error' || data.error !== undefined || event.event === 'error') {
        const details = readErrorBody(event.data);
        throw new ProviderError({ code: 'server', message: details.message ?? `${providerLabel} failed while speaking`, providerCode: details.providerCode });
      }
    }
    throw new ProviderError({ code: 'invalid_response', message: `${providerLabel} ended the speech stream without speech.audio.done` });
  }
  return { audio: audio(), usage: () => usage };
}
