/**
 * What Azure OpenAI's audio deployments can do: Whisper transcribes and translates; gpt-4o(-mini)-
 * transcribe transcribe only, answering `json` and `text` (the gateway renders the others) and
 * streaming deltas; tts / tts-hd and gpt-4o-mini-tts speak. Deployment names are the admin's, but most
 * name a deployment after its model (`whisper`, `tts-hd`, `gpt-4o-mini-tts`); names not recognised
 * keep the defaults, which an admin can narrow per deployment.
 */
import type { AudioCapabilities, AudioVoice } from '@conduit/plugin-api';

const voices = (ids: readonly string[]): AudioVoice[] => ids.map((id) => ({ id }));

/** The voices Azure documents for tts and tts-hd. */
const classicVoices = ['alloy', 'echo', 'fable', 'onyx', 'nova', 'shimmer'];
/** gpt-4o-mini-tts adds these. */
const newerVoices = ['ash', 'ballad', 'coral', 'sage', 'verse'];

const mb = 1024 * 1024;

export const azureAudioCapabilities: AudioCapabilities = {
  transcribe: true,
  transcribeStream: true,
  translate: true,
  speak: true,
  speakStream: true,
  voices: voices([...classicVoices, ...newerVoices]),
  defaultVoice: 'alloy',
  inputFormats: ['flac', 'mp3', 'mp4', 'mpeg', 'mpga', 'm4a', 'ogg', 'wav', 'webm'],
  outputFormats: ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'],
  transcriptFormats: ['json', 'text', 'srt', 'verbose_json', 'vtt'],
  // Azure's documented limit for Whisper uploads.
  maxFileBytes: 25 * mb,
  maxInputCharacters: 4096,
};

const noSpeech: AudioCapabilities = { speak: false, speakStream: false };
const noTranscription: AudioCapabilities = { transcribe: false, transcribeStream: false, translate: false };

export function azureAudioModelCapabilities(deployment: string): AudioCapabilities | undefined {
  const name = deployment.toLowerCase();
  if (name.includes('whisper')) return { ...noSpeech, transcribe: true, translate: true, transcribeStream: false };
  if (/transcribe/.test(name)) return { ...noSpeech, transcribe: true, transcribeStream: true, translate: false, transcriptFormats: ['json', 'text'] };
  if (/^tts(-hd)?($|-)/.test(name)) return { ...noTranscription, speak: true, speakStream: true, voices: voices(classicVoices) };
  if (/tts/.test(name)) return { ...noTranscription, speak: true, speakStream: true };
  return undefined;
}
