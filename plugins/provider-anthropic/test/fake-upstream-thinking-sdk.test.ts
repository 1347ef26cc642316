/**
 * The official Anthropic SDK against the fake's thinking: signed thinking blocks, `signature_delta`,
 * redacted thinking, and the refusals of the real API (an assistant turn of a tool loop without its
 * thinking, an edited block, a budget that does not fit, sampling settings thinking excludes).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import Anthropic from '@anthropic-ai/sdk';
import { startAnthropicFakeUpstream } from './fake-anthropic-upstream.ts';

const fake = await startAnthropicFakeUpstream();
const client = new Anthropic({ apiKey: fake.provider.credentials.apiKey, baseURL: fake.provider.baseUrl, maxRetries: 0 });
// API version 2026-10-21 (the SDK's) removed temperature and top_k; the version before has them.
const olderApi = new Anthropic({ apiKey: fake.provider.credentials.apiKey, baseURL: fake.provider.baseUrl, maxRetries: 0, defaultHeaders: { 'anthropic-version': '2023-06-01' } });
const model = 'claude-haiku-4-5';
const weatherTool = {
  name: 'get_weather',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};
const call = { id: 'toolu_01Weather', name: 'get_weather', arguments: '{"city":"Paris"}' };
const thinking = { type: 'enabled' as const, budget_tokens: 2048 };

test.after(() => fake.close());

async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    assert.instance(error, Anthropic.BadRequestError);
    return (error as InstanceType<typeof Anthropic.BadRequestError>).message;
  }
  assert.unreachable('the fake should have refused the request');
  return '';
}

test('a streamed answer carries signed thinking (signature_delta) and redacted thinking the SDK assembles', async () => {
  fake.enqueue({
    type: 'message',
    thinking: [{ type: 'thinking', thinking: 'The user wants the weather.' }, { type: 'redacted_thinking' }],
    toolCalls: [call],
    finish: 'tool_calls',
    usage: { input: 30, output: 40 },
  });
  const stream = client.messages.stream({ model, max_tokens: 4096, thinking, tools: [weatherTool], messages: [{ role: 'user', content: 'Weather in Paris?' }] });
  const signatures: string[] = [];
  stream.on('streamEvent', (event) => {
    if (event.type === 'content_block_delta' && event.delta.type === 'signature_delta') signatures.push(event.delta.signature);
  });
  const message = await stream.finalMessage();
  assert.equal(message.content.map((block) => block.type), ['thinking', 'redacted_thinking', 'tool_use']);
  const first = message.content[0] as Anthropic.ThinkingBlock;
  assert.is(first.thinking, 'The user wants the weather.');
  assert.equal(signatures, [first.signature]);
  assert.ok(first.signature.length > 20);
  assert.ok((message.content[1] as Anthropic.RedactedThinkingBlock).data.length > 20);
});

test('the answer sent back unchanged continues the tool loop; without its thinking it is refused as the real API does', async () => {
  fake.enqueue({ type: 'message', thinking: [{ type: 'thinking', thinking: 'Call the tool.' }], toolCalls: [call], finish: 'tool_calls', usage: { input: 30, output: 40 } });
  const first = await client.messages.create({ model, max_tokens: 4096, thinking, tools: [weatherTool], messages: [{ role: 'user', content: 'Weather in Paris?' }] });
  const results: Anthropic.MessageParam = { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'Sunny' }] };
  const conversation = (content: Anthropic.ContentBlockParam[]): Anthropic.MessageParam[] => [
    { role: 'user', content: 'Weather in Paris?' },
    { role: 'assistant', content },
    results,
  ];

  fake.enqueue({ type: 'message', text: 'Sunny in Paris.', finish: 'stop', usage: { input: 50, output: 5 } });
  const second = await client.messages.create({ model, max_tokens: 4096, thinking, tools: [weatherTool], messages: conversation(first.content as Anthropic.ContentBlockParam[]) });
  assert.is((second.content[0] as Anthropic.TextBlock).text, 'Sunny in Paris.');

  const withoutThinking = first.content.filter((block) => block.type !== 'thinking') as Anthropic.ContentBlockParam[];
  const message = await refusal(() => client.messages.create({ model, max_tokens: 4096, thinking, tools: [weatherTool], messages: conversation(withoutThinking) }));
  assert.match(message, 'a final `assistant` message must start with a thinking block');

  // Without thinking, the same conversation is fine.
  fake.enqueue({ type: 'message', text: 'Sunny.', finish: 'stop', usage: { input: 50, output: 2 } });
  await client.messages.create({ model, max_tokens: 4096, tools: [weatherTool], messages: conversation(withoutThinking) });

  const edited = first.content.map((block) => (block.type === 'thinking' ? { ...block, thinking: 'Something else.' } : block)) as Anthropic.ContentBlockParam[];
  assert.match(await refusal(() => client.messages.create({ model, max_tokens: 4096, thinking, tools: [weatherTool], messages: conversation(edited) })), 'Invalid `signature` in `thinking` block');
});

test('thinking settings the real API refuses are refused', async () => {
  const ask = (extra: Partial<Anthropic.MessageCreateParamsNonStreaming>, sdk = client) => () =>
    sdk.messages.create({ model, max_tokens: 2048, messages: [{ role: 'user', content: 'Hi' }], thinking, ...extra });
  assert.match(await refusal(ask({})), '`max_tokens` must be greater than `thinking.budget_tokens`');
  assert.match(await refusal(ask({ max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 512 } })), 'greater than or equal to 1024');
  assert.match(await refusal(ask({ max_tokens: 4096, temperature: 0.2 } as Partial<Anthropic.MessageCreateParamsNonStreaming>, olderApi)), '`temperature` may only be set to 1');
  assert.match(await refusal(ask({ max_tokens: 4096, top_k: 5 } as Partial<Anthropic.MessageCreateParamsNonStreaming>, olderApi)), '`top_k` is not supported');
  assert.match(await refusal(ask({ max_tokens: 4096, tools: [weatherTool], tool_choice: { type: 'any' } })), 'tool_choice forces tool use');
  assert.match(await refusal(ask({ model: 'claude-opus-4-7', max_tokens: 4096 })), 'thinking.type.adaptive');
  assert.is(fake.pending(), 0);
});

test.run();
