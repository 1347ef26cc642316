/**
 * OpenAI sampling and output settings -> Gemini `generationConfig`. Fields the request leaves unset
 * are left out so the model's defaults apply.
 */
import type { ChatCompletionRequest } from '@conduit/plugin-api';
import type { GeminiGenerationConfig } from './gemini-api.ts';

export function mapGenerationConfig(request: ChatCompletionRequest): GeminiGenerationConfig | undefined {
  const config: GeminiGenerationConfig = {};
  if (request.temperature != null) config.temperature = request.temperature;
  if (request.top_p != null) config.topP = request.top_p;
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (maxTokens != null) config.maxOutputTokens = maxTokens;
  if (request.stop != null) {
    const stop = (typeof request.stop === 'string' ? [request.stop] : request.stop).filter((value) => value !== '');
    if (stop.length > 0) config.stopSequences = stop;
  }
  if (request.n != null && request.n !== 1) config.candidateCount = request.n;
  if (request.presence_penalty != null) config.presencePenalty = request.presence_penalty;
  if (request.frequency_penalty != null) config.frequencyPenalty = request.frequency_penalty;
  if (request.seed != null) config.seed = request.seed;

  const format = request.response_format;
  if (format?.type === 'json_object') {
    config.responseMimeType = 'application/json';
  } else if (format?.type === 'json_schema') {
    config.responseMimeType = 'application/json';
    if (format.json_schema.schema) config.responseJsonSchema = format.json_schema.schema;
  }
  return Object.keys(config).length > 0 ? config : undefined;
}
