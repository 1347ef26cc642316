/**
 * OpenAI and the OpenAI-compatible presets, one provider plugin each, so admins pick a type
 * (`openai`, `groq`, `ollama`, …) and get the right base URL and defaults; and OpenAI's Realtime
 * translator, of the same `openai` type.
 */
import { createOpenAICompatiblePlugin } from './create-openai-compatible-plugin.ts';
import { presets } from './presets.ts';
import { openAIRealtimeTranslator } from './realtime-translator.ts';

export default [...presets.map((preset) => createOpenAICompatiblePlugin(preset)), openAIRealtimeTranslator];
export { openAIRealtimeTranslator, openAIRealtimeUrl } from './realtime-translator.ts';
export { presets } from './presets.ts';
