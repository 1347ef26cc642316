/**
 * OpenAI and the OpenAI-compatible presets: one chat provider plugin each, so admins pick a type
 * (`openai`, `groq`, `ollama`, …) and get the right base URL and defaults; one audio plugin per
 * speech or transcription server (`openai` and `groq` share the chat preset's account); and OpenAI's
 * Realtime translator, of the same `openai` type.
 */
import type { ConduitPlugin } from '@conduit/plugin-api';
import { audioPresets } from './audio/audio-presets.ts';
import { createOpenAIAudioPlugin } from './audio/create-openai-audio-plugin.ts';
import { createOpenAICompatiblePlugin } from './create-openai-compatible-plugin.ts';
import { presets } from './presets.ts';
import { openAIRealtimeTranslator } from './realtime-translator.ts';

const plugins: ConduitPlugin[] = [
  ...presets.map((preset) => createOpenAICompatiblePlugin(preset)),
  ...audioPresets.map((preset) => createOpenAIAudioPlugin(preset)),
  openAIRealtimeTranslator,
];

export default plugins;
export { openAIRealtimeTranslator, openAIRealtimeUrl } from './realtime-translator.ts';
export { presets } from './presets.ts';
export { audioPresets } from './audio/audio-presets.ts';
