/**
 * Thinking through the plugin against the fake Anthropic API, which signs thinking and refuses what
 * the real API refuses: reasoning_effort turns it on, signed blocks come back on answers and stream
 * deltas, and a two-turn tool loop carries them back (or, when a client dropped them, goes without).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ChatCompletionChunk, ChatCompletionRequest, ChatMessage, ThinkingBlock } from '@conduit/plugin-api';
import { startAnthropicFakeUpstream } from './fake-anthropic-upstream.ts';
import { call, clientFor, collect, http } from './client-helpers.ts';

const fake = await startAnthropicFakeUpstream();
const client = clientFor(fake);
const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};
const toolCall = { id: 'toolu_01Paris', name: 'get_weather', arguments: '{"city":"Paris"}' };
const question: ChatMessage = { role: 'user', content: 'Weather in Paris?' };
const ask = (request: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest => ({
  model: 'claude-sonnet-4-5',
  messages: [question],
  tools: [weatherTool],
  reasoning_effort: 'medium',
  ...request,
});

test.after(async () => {
  await fake.close();
  await http.close();
});

test('chat: the answer carries reasoning_content and the signed thinking_blocks, redacted ones too', async () => {
  fake.enqueue({
    type: 'message',
    thinking: [{ type: 'thinking', thinking: 'I need the weather tool.' }, { type: 'redacted_thinking' }],
    toolCalls: [toolCall],
    finish: 'tool_calls',
    usage: { input: 40, output: 30 },
  });
  const completion = await client.chat(ask(), call());
  const message = completion.choices[0].message;
  assert.is(message.reasoning_content, 'I need the weather tool.');
  assert.equal(message.thinking_blocks?.map((block) => block.type), ['thinking', 'redacted_thinking']);
  assert.ok((message.thinking_blocks?.[0] as { signature?: string }).signature);
  const sent = fake.lastRequest().body as Record<string, unknown>;
  assert.equal(sent.thinking, { type: 'enabled', budget_tokens: 2048 });
});

test('a two-turn tool loop sends the first turn’s signed thinking back, and the fake accepts it', async () => {
  fake.enqueue({ type: 'message', thinking: [{ type: 'thinking', thinking: 'Call the tool.' }], toolCalls: [toolCall], finish: 'tool_calls', usage: { input: 40, output: 30 } });
  const first = (await client.chat(ask(), call())).choices[0].message;
  fake.enqueue({ type: 'message', text: 'Sunny in Paris.', finish: 'stop', usage: { input: 60, output: 5 } });
  const second = await client.chat(
    ask({ messages: [question, { role: 'assistant', content: first.content, tool_calls: first.tool_calls, thinking_blocks: first.thinking_blocks }, { role: 'tool', tool_call_id: toolCall.id, content: 'Sunny' }] }),
    call(),
  );
  assert.is(second.choices[0].message.content, 'Sunny in Paris.');
  const sent = fake.lastRequest().body as { messages: Array<{ content: unknown }>; thinking?: unknown };
  assert.equal((sent.messages[1].content as unknown[])[0], first.thinking_blocks?.[0]);
  assert.ok(sent.thinking);
});

test('a streamed tool loop: the signature arrives as a thinking_blocks delta and goes back', async () => {
  fake.enqueue({ type: 'message', thinking: [{ type: 'thinking', thinking: 'Streaming thoughts here.' }], toolCalls: [toolCall], finish: 'tool_calls', usage: { input: 40, output: 30 }, pieces: 3 });
  const chunks: ChatCompletionChunk[] = [];
  await collect(client.chatStream(ask({ stream: true }), call()), chunks);
  const deltas = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta));
  assert.is(deltas.map((delta) => delta.reasoning_content ?? '').join(''), 'Streaming thoughts here.');
  const blocks = deltas.flatMap((delta) => delta.thinking_blocks ?? []) as ThinkingBlock[];
  assert.is(blocks.length, 1);
  assert.equal({ ...blocks[0], signature: undefined }, { type: 'thinking', thinking: 'Streaming thoughts here.', signature: undefined });
  // The block arrives once complete: after the last reasoning piece, before the tool call.
  const blockAt = deltas.findIndex((delta) => delta.thinking_blocks);
  assert.ok(blockAt > deltas.findLastIndex((delta) => delta.reasoning_content));
  assert.ok(blockAt < deltas.findIndex((delta) => delta.tool_calls));

  fake.enqueue({ type: 'message', text: 'Sunny.', finish: 'stop', usage: { input: 60, output: 2 } });
  const args = deltas.flatMap((delta) => delta.tool_calls ?? []).map((piece) => piece.function?.arguments ?? '').join('');
  await collect(
    client.chatStream(
      ask({
        stream: true,
        messages: [
          question,
          { role: 'assistant', content: null, tool_calls: [{ id: toolCall.id, type: 'function', function: { name: 'get_weather', arguments: args } }], thinking_blocks: blocks },
          { role: 'tool', tool_call_id: toolCall.id, content: 'Sunny' },
        ],
      }),
      call(),
    ),
    [],
  );
  assert.ok((fake.lastRequest().body as { thinking?: unknown }).thinking);
});

test('a client that dropped the thinking blocks keeps working: that request goes without thinking', async () => {
  fake.enqueue({ type: 'message', text: 'Sunny.', finish: 'stop', usage: { input: 60, output: 2 } });
  const completion = await client.chat(
    ask({
      temperature: 0.5,
      messages: [
        question,
        { role: 'assistant', content: null, tool_calls: [{ id: toolCall.id, type: 'function', function: { name: 'get_weather', arguments: toolCall.arguments } }] },
        { role: 'tool', tool_call_id: toolCall.id, content: 'Sunny' },
      ],
    }),
    call(),
  );
  assert.is(completion.choices[0].message.content, 'Sunny.');
  const sent = fake.lastRequest().body as Record<string, unknown>;
  assert.is(sent.thinking, undefined);
  // Thinking off, the client's sampling settings are kept.
  assert.is(sent.temperature, 0.5);
});

test('an adaptive model gets thinking adaptive and output_config.effort', async () => {
  fake.enqueue({ type: 'message', thinking: [{ type: 'thinking', thinking: 'Hmm.' }], text: 'Hi.', finish: 'stop', usage: { input: 5, output: 5 } });
  const completion = await client.chat(ask({ model: 'claude-opus-4-7', reasoning_effort: 'xhigh', tools: undefined }), call());
  assert.is(completion.choices[0].message.reasoning_content, 'Hmm.');
  const sent = fake.lastRequest().body as Record<string, unknown>;
  assert.equal(sent.thinking, { type: 'adaptive' });
  assert.equal(sent.output_config, { effort: 'xhigh' });
});

test.run();
