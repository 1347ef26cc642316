/**
 * An OpenAI chat completion request as a Converse request body (the model goes in the URL).
 * `reasoning_effort` turns on Claude's thinking (claude-thinking.ts); signed `thinking_blocks` of
 * assistant messages go back as reasoning content.
 */
import { ProviderError, type ChatCompletionRequest } from '@conduit/plugin-api';
import type { ConverseRequest, ConverseToolChoice, ConverseToolSpec } from './converse-types.ts';
import { applyClaudeReasoning, claudeThinkingStyle } from './claude-thinking.ts';
import { mapMessages } from './map-messages.ts';

export function mapChatRequest(request: ChatCompletionRequest): ConverseRequest {
  if (typeof request.n === 'number' && request.n > 1) {
    throw new ProviderError({ code: 'unsupported', message: 'Bedrock returns one choice per request; n must be 1', param: 'n' });
  }
  const { system, messages } = mapMessages(request.messages, { reasoningBlocks: claudeThinkingStyle(request.model) !== 'none' });
  const body: ConverseRequest = { messages };
  if (system.length > 0) body.system = system;

  const inference: NonNullable<ConverseRequest['inferenceConfig']> = {};
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (typeof maxTokens === 'number') inference.maxTokens = maxTokens;
  if (typeof request.temperature === 'number') inference.temperature = request.temperature;
  if (typeof request.top_p === 'number') inference.topP = request.top_p;
  if (typeof request.stop === 'string') inference.stopSequences = [request.stop];
  else if (Array.isArray(request.stop) && request.stop.length > 0) inference.stopSequences = [...request.stop];
  if (Object.keys(inference).length > 0) body.inferenceConfig = inference;

  const toolConfig = mapTools(request, body);
  if (toolConfig) body.toolConfig = toolConfig;

  const format = request.response_format;
  if (format?.type === 'json_object') {
    throw new ProviderError({
      code: 'unsupported',
      message: 'Bedrock Converse has no JSON mode without a schema; use response_format json_schema',
      param: 'response_format',
    });
  }
  if (format?.type === 'json_schema') {
    const jsonSchema: { schema: string; name?: string; description?: string } = {
      schema: JSON.stringify(format.json_schema.schema ?? { type: 'object' }),
      name: format.json_schema.name,
    };
    if (format.json_schema.description) jsonSchema.description = format.json_schema.description;
    body.outputConfig = { textFormat: { type: 'json_schema', structure: { jsonSchema } } };
  }

  if (request.metadata && Object.keys(request.metadata).length > 0) body.requestMetadata = { ...request.metadata };
  applyClaudeReasoning(body, request);
  return body;
}

/**
 * Converse has no `tool_choice: 'none'`: the tools are left out, unless the conversation already
 * holds tool calls or results, which Converse refuses without a toolConfig; then the model may
 * still call one.
 */
function mapTools(request: ChatCompletionRequest, body: ConverseRequest): ConverseRequest['toolConfig'] {
  const tools = request.tools ?? [];
  if (tools.length === 0) return undefined;
  const choice = request.tool_choice;
  const historyHasTools = body.messages.some((message) =>
    message.content.some((block) => 'toolUse' in block || 'toolResult' in block),
  );
  if (choice === 'none' && !historyHasTools) return undefined;
  const config: NonNullable<ConverseRequest['toolConfig']> = {
    tools: tools.map((tool) => {
      const spec: ConverseToolSpec['toolSpec'] = {
        name: tool.function.name,
        inputSchema: { json: tool.function.parameters ?? { type: 'object', properties: {} } },
      };
      if (tool.function.description) spec.description = tool.function.description;
      if (tool.function.strict === true) spec.strict = true;
      return { toolSpec: spec };
    }),
  };
  const mapped = mapToolChoice(choice);
  if (mapped) config.toolChoice = mapped;
  return config;
}

function mapToolChoice(choice: ChatCompletionRequest['tool_choice']): ConverseToolChoice | undefined {
  if (choice === 'auto') return { auto: {} };
  if (choice === 'required') return { any: {} };
  if (choice && typeof choice === 'object') return { tool: { name: choice.function.name } };
  return undefined;
}
