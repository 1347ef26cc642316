/** Legacy `text_completion` bodies (`/v1/completions`), whole and as stream chunks. */
import type { Completion, CompletionChoice } from '@conduit/plugin-api';
import type { MessageReply } from './build-chat-completion.ts';
import { buildUsage } from './build-usage.ts';
import { openAIIds } from './openai-ids.ts';
import { splitPieces } from './split-pieces.ts';

export function buildCompletion(reply: MessageReply, model: string, fingerprint: string): Completion {
  return {
    id: openAIIds.completion(),
    object: 'text_completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ text: reply.text ?? '', index: 0, logprobs: null, finish_reason: reply.finish }],
    usage: buildUsage(reply.usage),
    system_fingerprint: fingerprint,
  };
}

export function buildCompletionChunks(
  reply: MessageReply,
  model: string,
  fingerprint: string,
  includeUsage: boolean,
): Completion[] {
  const id = openAIIds.completion();
  const created = Math.floor(Date.now() / 1000);
  const chunk = (choices: CompletionChoice[], usage: Completion['usage'] = null): Completion => {
    const out: Completion = { id, object: 'text_completion', created, choices, model, system_fingerprint: fingerprint };
    if (includeUsage) out.usage = usage;
    return out;
  };
  const chunks = splitPieces(reply.text ?? '', reply.pieces ?? 3).map((text) =>
    chunk([{ text, index: 0, logprobs: null, finish_reason: null }]),
  );
  chunks.push(chunk([{ text: '', index: 0, logprobs: null, finish_reason: reply.finish }]));
  if (includeUsage && !reply.omitStreamUsage) chunks.push(chunk([], buildUsage(reply.usage)));
  return chunks;
}
