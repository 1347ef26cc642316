/** Offline speech with no account and no network: `local-speech` (espeak-ng and pocketsphinx). */
import { definePlugin, type AudioPlugin, type ConduitPlugin } from '@conduit/plugin-api';
import { createLocalSpeechClient, type LocalSpeechOptions, type LocalSpeechSettings } from './local-speech-client.ts';

export function createLocalSpeechPlugin(settings: LocalSpeechSettings = {}): AudioPlugin {
  return definePlugin({
    apiVersion: 2,
    kind: 'audio',
    name: 'local-speech',
    version: '0.1.0',
    displayName: 'Local speech (espeak-ng, pocketsphinx)',
    description: 'Offline text to speech with espeak-ng and English transcription with pocketsphinx',
    defaultBaseUrl: 'http://localhost',
    credentialsSchema: { type: 'object', properties: {}, additionalProperties: false },
    optionsSchema: {
      type: 'object',
      properties: {
        phrases: { type: 'array', items: { type: 'string' }, title: 'Recognise only these phrases' },
        grammar: { type: 'string', title: 'A JSGF grammar to recognise with' },
        timeoutMs: { type: 'integer', minimum: 100, title: 'Time limit per engine run (ms)' },
        concurrency: { type: 'integer', minimum: 1, title: 'Engine runs at once' },
      },
      additionalProperties: false,
    },
    capabilities: {
      transcribe: true,
      speak: true,
      defaultVoice: 'en-us',
      voices: [
        { id: 'en-us', languages: ['en'] },
        { id: 'en-gb', languages: ['en'] },
        { id: 'de', languages: ['de'] },
        { id: 'fr-fr', languages: ['fr'] },
        { id: 'es', languages: ['es'] },
        { id: 'it', languages: ['it'] },
        { id: 'nl', languages: ['nl'] },
        { id: 'pt', languages: ['pt'] },
      ],
      languages: ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt'],
      inputFormats: ['wav', 'flac', 'mp3', 'ogg', 'webm', 'm4a', 'mp4', 'mpeg', 'mpga'],
      outputFormats: ['wav', 'mp3', 'opus', 'aac', 'flac', 'pcm'],
      transcriptFormats: ['json', 'text'],
    },
    modelCapabilities(model) {
      if (model.startsWith('pocketsphinx')) return { speak: false, languages: ['en'] };
      if (model.startsWith('espeak')) return { transcribe: false };
      return undefined;
    },
    create: (context) => createLocalSpeechClient(context.options as LocalSpeechOptions, settings),
  });
}

const plugins: ConduitPlugin[] = [createLocalSpeechPlugin()];
export default plugins;
