/**
 * OpenAI tools and tool_choice -> Gemini `tools[].functionDeclarations` and
 * `toolConfig.functionCallingConfig`. Parameters go in `parametersJsonSchema`, which takes full JSON
 * Schema (the older `parameters` field only takes an OpenAPI subset and rejects e.g.
 * `additionalProperties`).
 */
import type { FunctionTool, ToolChoice } from '@conduit/plugin-api';
import type { GeminiTool, GeminiToolConfig } from './gemini-api.ts';
import { unsupported } from './unsupported.ts';

export function mapTools(tools: readonly FunctionTool[] | undefined): GeminiTool[] | undefined {
  if (!tools || tools.length === 0) return undefined;
  const functionDeclarations = tools.map((tool, index) => {
    if (tool.type !== 'function') {
      throw unsupported(`Tools of type "${(tool as { type?: string }).type}" are not supported by Gemini`, `tools[${index}]`);
    }
    const { name, description, parameters } = tool.function;
    return {
      name,
      ...(description ? { description } : {}),
      ...(parameters ? { parametersJsonSchema: parameters } : {}),
    };
  });
  return [{ functionDeclarations }];
}

export function mapToolChoice(
  toolChoice: ToolChoice | undefined,
  hasTools: boolean,
): GeminiToolConfig | undefined {
  if (toolChoice === undefined || !hasTools) return undefined;
  if (toolChoice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (toolChoice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (toolChoice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  if (typeof toolChoice === 'object' && toolChoice.type === 'function') {
    return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [toolChoice.function.name] } };
  }
  throw unsupported('This tool_choice is not supported by Gemini', 'tool_choice');
}
