/**
 * OpenAI and the OpenAI-compatible presets, one provider plugin each, so admins pick a type
 * (`openai`, `groq`, `ollama`, …) and get the right base URL and defaults.
 */
import { createOpenAICompatiblePlugin } from './create-openai-compatible-plugin.ts';
import { presets } from './presets.ts';

export default presets.map((preset) => createOpenAICompatiblePlugin(preset));
export { presets } from './presets.ts';
