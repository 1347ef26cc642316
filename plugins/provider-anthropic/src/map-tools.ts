/**
 * OpenAI `tools` / `tool_choice` / `parallel_tool_calls` -> Anthropic `tools` / `tool_choice`.
 * `required` is Anthropic's `any`, a named function its `tool`; `parallel_tool_calls: false` becomes
 * `disable_parallel_tool_use` (which `none` does not take).
 */
import type { ChatCompletionRequest } from '@conduit/plugin-api';
import type { AnthropicTool, AnthropicToolChoice } from './anthropic-api.ts';
import { unsupported } from './request-error.ts';

export interface MappedTools {
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
}

const emptyInputSchema = { type: 'object', properties: {} };

export function mapTools(request: ChatCompletionRequest): MappedTools {
  if (!request.tools || request.tools.length === 0) return {};
  const tools = request.tools.map((tool, index): AnthropicTool => {
    if (tool.type !== 'function') {
      throw unsupported(`Tool type '${String(tool.type)}' is not supported by Anthropic`, `tools[${index}].type`);
    }
    const mapped: AnthropicTool = {
      name: tool.function.name,
      input_schema: tool.function.parameters ?? emptyInputSchema,
    };
    if (tool.function.description) mapped.description = tool.function.description;
    if (tool.function.strict === true) mapped.strict = true;
    return mapped;
  });
  const toolChoice = mapToolChoice(request.tool_choice, request.parallel_tool_calls === false);
  return toolChoice ? { tools, tool_choice: toolChoice } : { tools };
}

function mapToolChoice(
  choice: ChatCompletionRequest['tool_choice'],
  disableParallel: boolean,
): AnthropicToolChoice | undefined {
  const parallel = disableParallel ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined) return disableParallel ? { type: 'auto', ...parallel } : undefined;
  if (choice === 'none') return { type: 'none' };
  if (choice === 'auto') return { type: 'auto', ...parallel };
  if (choice === 'required') return { type: 'any', ...parallel };
  if (typeof choice === 'object' && choice.type === 'function') {
    return { type: 'tool', name: choice.function.name, ...parallel };
  }
  throw unsupported(`tool_choice ${JSON.stringify(choice)} is not supported by Anthropic`, 'tool_choice');
}
