import type { AudioCapabilities, AudioVoice } from '@conduit/plugin-api';
import { builder } from '../builder.ts';

const AudioVoiceType = builder.objectRef<AudioVoice>('AudioVoice').implement({
  description: 'A voice an audio plugin can speak with.',
  fields: (t) => ({
    id: t.exposeString('id'),
    name: t.string({ nullable: true, resolve: (voice) => voice.name ?? null }),
    languages: t.stringList({ nullable: true, resolve: (voice) => (voice.languages ? [...voice.languages] : null) }),
  }),
});

const list = (values: readonly string[] | undefined): string[] | null => (values ? [...values] : null);

export const AudioCapabilitiesType = builder.objectRef<AudioCapabilities>('AudioCapabilities').implement({
  description: 'What an audio plugin declares: operations (a missing one is false), and lists and limits (null: not declared).',
  fields: (t) => ({
    transcribe: t.boolean({ resolve: (capabilities) => capabilities.transcribe === true }),
    transcribeStream: t.boolean({ resolve: (capabilities) => capabilities.transcribeStream === true }),
    translate: t.boolean({ resolve: (capabilities) => capabilities.translate === true }),
    speak: t.boolean({ resolve: (capabilities) => capabilities.speak === true }),
    speakStream: t.boolean({ resolve: (capabilities) => capabilities.speakStream === true }),
    languages: t.stringList({ nullable: true, resolve: (capabilities) => list(capabilities.languages) }),
    voices: t.field({ type: [AudioVoiceType], nullable: true, resolve: (capabilities) => (capabilities.voices ? [...capabilities.voices] : null) }),
    defaultVoice: t.string({ nullable: true, resolve: (capabilities) => capabilities.defaultVoice ?? null }),
    customVoices: t.boolean({ description: 'Speech also takes the ids of voices the account made itself ({"id": …}).', resolve: (capabilities) => capabilities.customVoices === true }),
    inputFormats: t.stringList({ nullable: true, resolve: (capabilities) => list(capabilities.inputFormats) }),
    outputFormats: t.stringList({ nullable: true, resolve: (capabilities) => list(capabilities.outputFormats) }),
    transcriptFormats: t.stringList({ nullable: true, resolve: (capabilities) => list(capabilities.transcriptFormats) }),
    maxFileBytes: t.float({ nullable: true, resolve: (capabilities) => capabilities.maxFileBytes ?? null }),
    maxInputCharacters: t.int({ nullable: true, resolve: (capabilities) => capabilities.maxInputCharacters ?? null }),
  }),
});
