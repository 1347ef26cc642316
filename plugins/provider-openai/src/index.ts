/**
 * OpenAI and the OpenAI-compatible presets: one chat provider plugin each, so admins pick a type
 * (`openai`, `groq`, `ollama`, …) and get the right base URL and defaults; and one audio plugin per
 * speech or transcription server (`openai` and `groq` share the chat preset's account).
 */
import type { ConduitPlugin } from '@conduit/plugin-api';
import { audioPresets } from './audio/audio-presets.ts';
import { createOpenAIAudioPlugin } from './audio/create-openai-audio-plugin.ts';
import { createOpenAICompatiblePlugin } from './create-openai-compatible-plugin.ts';
import { presets } from './presets.ts';

const plugins: ConduitPlugin[] = [
  ...presets.map((preset) => createOpenAICompatiblePlugin(preset)),
  ...audioPresets.map((preset) => createOpenAIAudioPlugin(preset)),
];

export default plugins;
export { presets } from './presets.ts';
export { audioPresets } from './audio/audio-presets.ts';
