/** A `chat.completion` body for a scripted message reply. */
import type { ChatCompletion, ChatCompletionMessage } from '@conduit/plugin-api';
import type { ScriptedReply } from '@conduit/plugin-api/conformance';
import { buildUsage } from './build-usage.ts';
import { openAIIds } from './openai-ids.ts';

export type MessageReply = Extract<ScriptedReply, { type: 'message' }>;

export function buildChatCompletion(reply: MessageReply, model: string, fingerprint: string): ChatCompletion {
  const message: ChatCompletionMessage = {
    role: 'assistant',
    content: reply.text ?? null,
    refusal: null,
    annotations: [],
  };
  if (reply.toolCalls && reply.toolCalls.length > 0) {
    message.tool_calls = reply.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  return {
    id: openAIIds.chatCompletion(),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: reply.finish }],
    usage: buildUsage(reply.usage),
    service_tier: 'default',
    system_fingerprint: fingerprint,
  };
}
