/**
 * OpenAI chat request -> Cohere `/v2/chat` body. Sampling fields are renamed (`top_p` -> `p`,
 * `stop` -> `stop_sequences`), structured output becomes `json_object` with an optional
 * `json_schema`, and tool choice uses Cohere's `REQUIRED` / `NONE`. Fields Cohere has no use for
 * (`user`, `metadata`, `logit_bias`, `store`, `parallel_tool_calls`, …) are dropped.
 */
import { ProviderError, type ChatCompletionRequest, type FunctionTool, type ToolChoice } from '@conduit/plugin-api';
import type { CohereChatRequest, CohereResponseFormat, CohereTool } from './cohere-types.ts';
import { mapMessages } from './map-messages.ts';
import { unsupported } from './unsupported.ts';

export function mapChatRequest(request: ChatCompletionRequest, stream: boolean): CohereChatRequest {
  if (typeof request.n === 'number' && request.n > 1) {
    throw unsupported('Cohere returns one choice per request; n must be 1', 'n');
  }
  const body: CohereChatRequest = { model: request.model, messages: mapMessages(request.messages), stream };

  const tools = selectTools(request.tools ?? [], request.tool_choice);
  if (tools.length > 0) {
    body.tools = tools.map(mapTool);
    if (tools.some((tool) => tool.function.strict === true)) body.strict_tools = true;
    const choice = mapToolChoice(request.tool_choice);
    if (choice) body.tool_choice = choice;
  }

  const responseFormat = mapResponseFormat(request.response_format);
  if (responseFormat) body.response_format = responseFormat;

  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (typeof maxTokens === 'number') body.max_tokens = maxTokens;
  if (request.stop !== undefined && request.stop !== null) {
    body.stop_sequences = typeof request.stop === 'string' ? [request.stop] : [...request.stop];
  }
  if (typeof request.temperature === 'number') body.temperature = request.temperature;
  if (typeof request.top_p === 'number') body.p = request.top_p;
  if (typeof request.top_k === 'number') body.k = request.top_k;
  if (typeof request.seed === 'number') body.seed = request.seed;
  if (typeof request.frequency_penalty === 'number') body.frequency_penalty = request.frequency_penalty;
  if (typeof request.presence_penalty === 'number') body.presence_penalty = request.presence_penalty;
  return body;
}

/** Cohere cannot force one named tool; offering only that tool with `REQUIRED` has the same effect. */
function selectTools(tools: readonly FunctionTool[], choice: ToolChoice | undefined): readonly FunctionTool[] {
  if (choice === 'none' && tools.length > 0) return tools;
  if (typeof choice !== 'object' || choice === null) return tools;
  const name = choice.function.name;
  const named = tools.filter((tool) => tool.function.name === name);
  if (named.length === 0) {
    throw new ProviderError({
      code: 'bad_request',
      message: `tool_choice names the function "${name}", which is not among the tools`,
      param: 'tool_choice',
    });
  }
  return named;
}

function mapTool(tool: FunctionTool): CohereTool {
  const out: CohereTool = {
    type: 'function',
    function: { name: tool.function.name, parameters: tool.function.parameters ?? { type: 'object', properties: {} } },
  };
  if (tool.function.description) out.function.description = tool.function.description;
  return out;
}

function mapToolChoice(choice: ToolChoice | undefined): CohereChatRequest['tool_choice'] {
  if (choice === 'required' || (typeof choice === 'object' && choice !== null)) return 'REQUIRED';
  if (choice === 'none') return 'NONE';
  return undefined;
}

function mapResponseFormat(format: ChatCompletionRequest['response_format']): CohereResponseFormat | undefined {
  if (!format || format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  const schema = format.json_schema?.schema;
  return schema ? { type: 'json_object', json_schema: schema } : { type: 'json_object' };
}
