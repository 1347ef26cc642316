/**
 * The Anthropic ingress's stream translation of thinking: a provider's completed, signed block
 * closes the open thinking block with `signature_delta`; a block that arrives only whole is streamed
 * whole; redacted thinking is a block of its own; unsigned reasoning has no `signature_delta`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ChatCompletionChunk, ChatCompletionDelta } from '@conduit/plugin-api';
import { AnthropicStreamTranslator } from '../../src/pipeline/endpoints/anthropic/anthropic-stream-translator.ts';
import type { AnthropicStreamEvent } from '../../src/pipeline/endpoints/anthropic/anthropic-message.ts';

const chunk = (delta: ChatCompletionDelta, finish: ChatCompletionChunk['choices'][number]['finish_reason'] = null): ChatCompletionChunk => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'claude',
  choices: [{ index: 0, delta, finish_reason: finish }],
});

async function translate(deltas: ChatCompletionDelta[]): Promise<AnthropicStreamEvent[]> {
  const translator = new AnthropicStreamTranslator({
    providerName: 'test',
    requestedModel: 'claude',
    inputTokens: async () => 3,
    estimate: () => ({ prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 }),
  });
  async function* chunks(): AsyncGenerator<ChatCompletionChunk> {
    for (const delta of deltas) yield chunk(delta);
    yield chunk({}, 'stop');
  }
  const events: AnthropicStreamEvent[] = [];
  for await (const event of translator.events(chunks())) events.push(event);
  return events;
}

/** The content events, compact: `start:type`, `delta:type:value`, `stop`, each with its index. */
function blocks(events: AnthropicStreamEvent[]): string[] {
  return events.flatMap((event) => {
    if (event.type === 'content_block_start') return [`${event.index} start:${event.content_block.type}`];
    if (event.type === 'content_block_stop') return [`${event.index} stop`];
    if (event.type === 'content_block_delta') {
      const { type, ...value } = event.delta;
      return [`${event.index} ${type}:${Object.values(value).join('')}`];
    }
    return [];
  });
}

test('streamed reasoning, then its signed block: a signature_delta closes the thinking block', async () => {
  const events = await translate([
    { role: 'assistant', reasoning_content: 'Think ' },
    { reasoning_content: 'hard.' },
    { thinking_blocks: [{ type: 'thinking', thinking: 'Think hard.', signature: 'c2ln' }] },
    { content: 'Done.' },
  ]);
  assert.equal(blocks(events), [
    '0 start:thinking',
    '0 thinking_delta:Think ',
    '0 thinking_delta:hard.',
    '0 signature_delta:c2ln',
    '0 stop',
    '1 start:text',
    '1 text_delta:Done.',
    '1 stop',
  ]);
});

test('a block that arrives only whole is streamed whole; redacted thinking is a block of its own', async () => {
  const events = await translate([
    { role: 'assistant', thinking_blocks: [{ type: 'thinking', thinking: 'Whole.', signature: 'c2ln' }, { type: 'redacted_thinking', data: 'ZGF0YQ==' }] },
    { content: 'Done.' },
  ]);
  assert.equal(blocks(events), [
    '0 start:thinking',
    '0 thinking_delta:Whole.',
    '0 signature_delta:c2ln',
    '0 stop',
    '1 start:redacted_thinking',
    '1 stop',
    '2 start:text',
    '2 text_delta:Done.',
    '2 stop',
  ]);
  const redacted = events.find((event) => event.type === 'content_block_start' && event.index === 1);
  assert.equal(redacted, { type: 'content_block_start', index: 1, content_block: { type: 'redacted_thinking', data: 'ZGF0YQ==' } });
});

test('two signed blocks in a row stay two blocks; reasoning nobody signed has no signature_delta', async () => {
  const signed = await translate([
    { reasoning_content: 'One.' },
    { thinking_blocks: [{ type: 'thinking', thinking: 'One.', signature: 'MQ==' }] },
    { reasoning_content: 'Two.' },
    { thinking_blocks: [{ type: 'thinking', thinking: 'Two.', signature: 'Mg==' }] },
  ]);
  assert.equal(blocks(signed), ['0 start:thinking', '0 thinking_delta:One.', '0 signature_delta:MQ==', '0 stop', '1 start:thinking', '1 thinking_delta:Two.', '1 signature_delta:Mg==', '1 stop']);
  const unsigned = await translate([{ reasoning_content: 'Mine.' }, { content: 'Ok.' }]);
  assert.equal(blocks(unsigned), ['0 start:thinking', '0 thinking_delta:Mine.', '0 stop', '1 start:text', '1 text_delta:Ok.', '1 stop']);
});

test.run();
