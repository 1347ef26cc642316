/** Acme's generation -> OpenAI's chat.completion. Pure: no I/O. */
import type { ChatCompletion, ToolCall } from '@conduit/plugin-api';
import type { AcmeGeneration } from './acme-api.ts';
import { mapStopReason } from './map-stop-reason.ts';
import { mapTokenCounts } from './map-token-counts.ts';
import { unixSeconds } from './unix-seconds.ts';

export function mapChatResponse(generation: AcmeGeneration): ChatCompletion {
  let text = '';
  const toolCalls: ToolCall[] = [];
  for (const part of generation.output) {
    if (part.type === 'text') text += part.text;
    if (part.type === 'tool_call') {
      toolCalls.push({ id: part.call_id, type: 'function', function: { name: part.tool, arguments: JSON.stringify(part.input ?? {}) } });
    }
  }
  return {
    id: generation.id,
    object: 'chat.completion',
    created: unixSeconds(generation.created_at),
    model: generation.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text === '' && toolCalls.length > 0 ? null : text,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: mapStopReason(generation.stop_reason),
        logprobs: null,
      },
    ],
    usage: mapTokenCounts(generation.token_counts),
  };
}
