/**
 * The official @aws-sdk/client-bedrock-runtime against the fake's Claude reasoning: signed reasoning
 * text and redacted content the SDK parses (whole and streamed), reasoning sent back that continues a
 * tool loop, and what Claude refuses (a tool loop without its reasoning, an edited signature, a
 * budget that does not fit).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  BedrockRuntimeClient,
  type ContentBlock,
  ConverseCommand,
  ConverseStreamCommand,
  ValidationException,
  type Message,
} from '@aws-sdk/client-bedrock-runtime';
import { fakeBedrockCredentials, fakeBedrockRegion, startBedrockFakeUpstream } from './fake-bedrock-upstream.ts';

const fake = await startBedrockFakeUpstream();
const modelId = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const client = new BedrockRuntimeClient({ region: fakeBedrockRegion, endpoint: fake.provider.baseUrl, credentials: fakeBedrockCredentials, maxAttempts: 1 });
const call = { id: 'tooluse_Paris01', name: 'get_weather', arguments: '{"city":"Paris"}' };
const toolConfig = { tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object' } } } }] };
const thinking = { thinking: { type: 'enabled', budget_tokens: 2048 } };
const question: Message = { role: 'user', content: [{ text: 'Weather in Paris?' }] };

test.after(async () => {
  client.destroy();
  await fake.close();
});

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.instance(error, ValidationException);
    return (error as Error).message;
  }
  assert.unreachable('the fake should have refused the request');
  return '';
}

const converse = (messages: Message[], extra: Record<string, unknown> = {}) =>
  client.send(new ConverseCommand({ modelId, messages, toolConfig, inferenceConfig: { maxTokens: 4096 }, additionalModelRequestFields: thinking, ...extra }));

test('Converse: the SDK parses signed reasoning and redacted content, and sending them back continues the tool loop', async () => {
  fake.enqueue({ type: 'message', thinking: [{ type: 'thinking', thinking: 'Use the tool.' }, { type: 'redacted_thinking' }], toolCalls: [call], finish: 'tool_calls', usage: { input: 20, output: 30 } });
  const first = await converse([question]);
  const content = first.output?.message?.content ?? [];
  assert.is(content[0]?.reasoningContent?.reasoningText?.text, 'Use the tool.');
  assert.ok((content[0]?.reasoningContent?.reasoningText?.signature ?? '').length > 20);
  assert.instance(content[1]?.reasoningContent?.redactedContent, Uint8Array);
  assert.ok(content[2]?.toolUse);

  const results: Message = { role: 'user', content: [{ toolResult: { toolUseId: call.id, content: [{ text: 'Sunny' }] } }] };
  fake.enqueue({ type: 'message', text: 'Sunny.', finish: 'stop', usage: { input: 40, output: 2 } });
  const second = await converse([question, { role: 'assistant', content }, results]);
  assert.is(second.output?.message?.content?.[0]?.text, 'Sunny.');

  const withoutReasoning = content.filter((block) => !block.reasoningContent);
  assert.match(await refusal(converse([question, { role: 'assistant', content: withoutReasoning }, results])), 'must start with a thinking block');
  const edited: ContentBlock[] = [{ reasoningContent: { reasoningText: { text: 'Edited.', signature: content[0]!.reasoningContent!.reasoningText!.signature } } }, ...content.slice(1)];
  assert.match(await refusal(converse([question, { role: 'assistant', content: edited }, results])), 'Invalid `signature`');
  assert.match(await refusal(converse([question], { inferenceConfig: { maxTokens: 2048 } })), '`max_tokens` must be greater');
  assert.match(await refusal(converse([question], { inferenceConfig: { maxTokens: 4096, temperature: 0.3 } })), '`temperature` may only be set to 1');
  assert.is(fake.pending(), 0);
});

test('ConverseStream: reasoning text, its signature and redacted content arrive as reasoningContent deltas', async () => {
  fake.enqueue({ type: 'message', thinking: [{ type: 'thinking', thinking: 'Streamed thought.' }, { type: 'redacted_thinking' }], text: 'Hi.', finish: 'stop', usage: { input: 5, output: 5 }, pieces: 2 });
  const answer = await client.send(new ConverseStreamCommand({ modelId, messages: [question], inferenceConfig: { maxTokens: 4096 }, additionalModelRequestFields: thinking }));
  let text = '';
  let signature = '';
  let redacted = 0;
  for await (const event of answer.stream ?? []) {
    const reasoning = event.contentBlockDelta?.delta?.reasoningContent;
    if (reasoning?.text) text += reasoning.text;
    if (reasoning?.signature) signature += reasoning.signature;
    if (reasoning?.redactedContent) redacted += 1;
  }
  assert.is(text, 'Streamed thought.');
  assert.ok(signature.length > 20);
  assert.is(redacted, 1);
});

test.run();
