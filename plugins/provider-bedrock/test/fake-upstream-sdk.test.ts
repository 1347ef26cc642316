/** The official @aws-sdk/client-bedrock-runtime against the fake: proves the fake speaks Bedrock's format. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  BedrockRuntimeClient,
  BedrockRuntimeServiceException,
  ConverseCommand,
  ConverseStreamCommand,
  type ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { fakeBedrockApiKey, fakeBedrockCredentials, fakeBedrockRegion, startBedrockFakeUpstream } from './fake-bedrock-upstream.ts';

const fake = await startBedrockFakeUpstream();
const modelId = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const sdk = (credentials = fakeBedrockCredentials, region = fakeBedrockRegion): BedrockRuntimeClient =>
  new BedrockRuntimeClient({ region, endpoint: fake.provider.baseUrl, credentials, maxAttempts: 1 });
const client = sdk();

test.after(async () => {
  client.destroy();
  await fake.close();
});

async function failure(promise: Promise<unknown>): Promise<BedrockRuntimeServiceException> {
  try {
    await promise;
  } catch (error) {
    assert.instance(error, BedrockRuntimeServiceException);
    return error as BedrockRuntimeServiceException;
  }
  throw new Error('expected the SDK to throw');
}

test('Converse: the SDK’s SigV4 signature verifies and the answer parses', async () => {
  fake.enqueue({ type: 'message', text: 'Bonjour !', finish: 'stop', usage: { input: 12, output: 4, cachedInput: 3, cacheWrite: 2 } });
  const answer = await client.send(
    new ConverseCommand({
      modelId,
      system: [{ text: 'Answer in French.' }],
      messages: [{ role: 'user', content: [{ text: 'Hello' }] }],
      inferenceConfig: { maxTokens: 100, temperature: 0.5, stopSequences: ['END'] },
    }),
  );
  assert.equal(answer.output?.message?.content, [{ text: 'Bonjour !' }]);
  assert.is(answer.stopReason, 'end_turn');
  assert.equal(answer.usage, { inputTokens: 12, outputTokens: 4, totalTokens: 21, cacheReadInputTokens: 3, cacheWriteInputTokens: 2 });
  assert.ok(answer.$metadata.requestId);
  const seen = fake.lastRequest();
  assert.is(seen.model, modelId);
  assert.is(seen.path, '/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse');
  assert.is(seen.system, 'Answer in French.');
  assert.equal(seen.stop, ['END']);
  assert.match(String(seen.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=.*(host|:authority).*, Signature=[0-9a-f]{64}$/);
});

test('ConverseStream: the SDK decodes every event of the binary stream', async () => {
  fake.enqueue({ type: 'message', text: 'one two three', finish: 'stop', usage: { input: 5, output: 3 }, pieces: 3 });
  const answer = await client.send(new ConverseStreamCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'Count' }] }] }));
  const events: ConverseStreamOutput[] = [];
  for await (const event of answer.stream!) events.push(event);
  assert.equal(events[0]?.messageStart, { role: 'assistant' });
  const text = events.map((event) => event.contentBlockDelta?.delta?.text ?? '').join('');
  assert.is(text, 'one two three');
  assert.ok(events.some((event) => event.contentBlockStop?.contentBlockIndex === 0));
  assert.is(events.at(-2)?.messageStop?.stopReason, 'end_turn');
  assert.equal(events.at(-1)?.metadata?.usage, { inputTokens: 5, outputTokens: 3, totalTokens: 8 });
  assert.is(events.at(-1)?.metadata?.metrics?.latencyMs, 388);
  assert.ok(fake.lastRequest().stream);
});

test('scripted reasoning events and bodies are what the SDK models: text, signature, redacted bytes', async () => {
  fake.enqueue({
    type: 'events',
    items: [
      { event: 'messageStart', payload: { role: 'assistant' } },
      { event: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { reasoningContent: { text: 'Thinking.' } } } },
      { event: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { reasoningContent: { signature: 'ErcBCkgIAhAB' } } } },
      { event: 'contentBlockStop', payload: { contentBlockIndex: 0 } },
      { event: 'contentBlockDelta', payload: { contentBlockIndex: 1, delta: { reasoningContent: { redactedContent: 'RW5jcnlwdGVk' } } } },
      { event: 'contentBlockStop', payload: { contentBlockIndex: 1 } },
      { event: 'messageStop', payload: { stopReason: 'end_turn' } },
    ],
  });
  const answer = await client.send(new ConverseStreamCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'Think' }] }] }));
  const deltas = [];
  for await (const event of answer.stream!) if (event.contentBlockDelta) deltas.push(event.contentBlockDelta.delta?.reasoningContent);
  assert.is(deltas[0]?.text, 'Thinking.');
  assert.is(deltas[1]?.signature, 'ErcBCkgIAhAB');
  assert.is(Buffer.from(deltas[2]?.redactedContent ?? new Uint8Array()).toString('utf8'), 'Encrypted');

  fake.enqueue({
    type: 'converse',
    body: {
      output: { message: { role: 'assistant', content: [{ reasoningContent: { reasoningText: { text: 'Thinking.', signature: 'ErcBCkgIAhAB' } } }, { reasoningContent: { redactedContent: 'RW5jcnlwdGVk' } }, { text: '4' }] } },
      stopReason: 'end_turn',
      usage: { inputTokens: 3, outputTokens: 9, totalTokens: 12 },
      metrics: { latencyMs: 300 },
    },
  });
  const whole = await client.send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'Think' }] }] }));
  const content = whole.output?.message?.content ?? [];
  assert.equal(content[0]?.reasoningContent?.reasoningText, { text: 'Thinking.', signature: 'ErcBCkgIAhAB' });
  assert.is(Buffer.from(content[1]?.reasoningContent?.redactedContent ?? new Uint8Array()).toString('utf8'), 'Encrypted');
  assert.is(content[2]?.text, '4');
});

test('tool use: toolConfig goes out, toolUse blocks come back whole and streamed in input pieces', async () => {
  const toolCalls = [
    { id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', name: 'top_song', arguments: '{"sign":"WZPZ"}' },
    { id: 'tooluse_8fPIgQ4GQiq1Ks0bKq1Yxw', name: 'get_time', arguments: '{"zone":"UTC"}' },
  ];
  const toolConfig = {
    tools: toolCalls.map((call) => ({ toolSpec: { name: call.name, description: `The ${call.name} tool`, inputSchema: { json: { type: 'object' } } } })),
    toolChoice: { auto: {} },
  };
  fake.enqueue({ type: 'message', text: 'Let me look.', toolCalls, finish: 'tool_calls', usage: { input: 40, output: 20 } });
  const answer = await client.send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'Top song?' }] }], toolConfig }));
  assert.is(answer.stopReason, 'tool_use');
  assert.equal(answer.output?.message?.content?.[1]?.toolUse, { toolUseId: toolCalls[0]!.id, name: 'top_song', input: { sign: 'WZPZ' } });
  assert.equal(fake.lastRequest().tools?.map((tool) => tool.name), ['top_song', 'get_time']);
  assert.is(fake.lastRequest().toolChoice, 'auto');

  fake.enqueue({ type: 'message', toolCalls, finish: 'tool_calls', usage: { input: 40, output: 20 } });
  const stream = await client.send(new ConverseStreamCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'Top song?' }] }], toolConfig }));
  const starts: Array<{ index?: number; id?: string; name?: string }> = [];
  const inputs = new Map<number, string>();
  for await (const event of stream.stream!) {
    const start = event.contentBlockStart;
    if (start?.start?.toolUse) starts.push({ index: start.contentBlockIndex, id: start.start.toolUse.toolUseId, name: start.start.toolUse.name });
    const delta = event.contentBlockDelta;
    if (delta?.delta?.toolUse) inputs.set(delta.contentBlockIndex!, (inputs.get(delta.contentBlockIndex!) ?? '') + delta.delta.toolUse.input);
  }
  assert.equal(starts, [{ index: 0, id: toolCalls[0]!.id, name: 'top_song' }, { index: 1, id: toolCalls[1]!.id, name: 'get_time' }]);
  assert.equal([...inputs.values()], ['{"sign":"WZPZ"}', '{"zone":"UTC"}']);

  await client.send(
    new ConverseCommand({
      modelId,
      toolConfig,
      messages: [
        { role: 'user', content: [{ text: 'Top song?' }] },
        { role: 'assistant', content: [{ toolUse: { toolUseId: toolCalls[0]!.id, name: 'top_song', input: { sign: 'WZPZ' } } }] },
        { role: 'user', content: [{ toolResult: { toolUseId: toolCalls[0]!.id, content: [{ json: { song: 'Elemental Hotel' } }] } }] },
      ],
    }),
  );
  assert.equal(fake.lastRequest().messages[2]?.toolResults, [{ toolCallId: toolCalls[0]!.id, content: '{"song":"Elemental Hotel"}' }]);
});

test('an error status arrives as the modelled exception with its status', async () => {
  fake.enqueue({ type: 'http-error', status: 429, message: 'Too many requests, please wait before trying again.' });
  const throttled = await failure(client.send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'x' }] }] })));
  assert.is(throttled.name, 'ThrottlingException');
  assert.is(throttled.$metadata.httpStatusCode, 429);
  assert.is(throttled.message, 'Too many requests, please wait before trying again.');

  fake.enqueue({ type: 'aws-error', status: 400, errorType: 'ValidationException', message: 'Input is too long for requested model.' });
  const invalid = await failure(client.send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'x' }] }] })));
  assert.is(invalid.name, 'ValidationException');
});

test('an exception inside the stream surfaces while iterating', async () => {
  fake.enqueue({ type: 'stream-exception', exceptionType: 'throttlingException', message: 'Too many tokens, please wait.', textBefore: 'Hi' });
  const answer = await client.send(new ConverseStreamCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'x' }] }] }));
  const texts: string[] = [];
  const error = await failure(
    (async () => {
      for await (const event of answer.stream!) texts.push(event.contentBlockDelta?.delta?.text ?? '');
    })(),
  );
  assert.is(error.name, 'ThrottlingException');
  assert.is(error.message, 'Too many tokens, please wait.');
  assert.equal(texts.filter(Boolean), ['Hi']);
});

test('a wrong secret fails signature verification the way AWS reports it', async () => {
  const wrong = sdk({ ...fakeBedrockCredentials, secretAccessKey: 'not-the-secret' });
  const error = await failure(wrong.send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'x' }] }] })));
  wrong.destroy();
  assert.is(error.name, 'InvalidSignatureException');
  assert.is(error.$metadata.httpStatusCode, 403);
  assert.match(error.message, /signature we calculated does not match/);
});

test('an unknown access key and a wrong region are refused', async () => {
  const stranger = sdk({ accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x' });
  const unknown = await failure(stranger.send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'x' }] }] })));
  stranger.destroy();
  assert.is(unknown.name, 'UnrecognizedClientException');
  const elsewhere = sdk(fakeBedrockCredentials, 'eu-west-1');
  const region = await failure(elsewhere.send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'x' }] }] })));
  elsewhere.destroy();
  assert.is(region.name, 'InvalidSignatureException');
  assert.match(region.message, /scoped to a valid region/);
});

test('a Bedrock API key works as a bearer token', async () => {
  const bearer = new BedrockRuntimeClient({
    region: fakeBedrockRegion,
    endpoint: fake.provider.baseUrl,
    token: { token: fakeBedrockApiKey },
    authSchemePreference: ['httpBearerAuth'],
    maxAttempts: 1,
  });
  const answer = await bearer.send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'x' }] }] }));
  bearer.destroy();
  assert.is(answer.stopReason, 'end_turn');
  assert.is(fake.lastRequest().headers.authorization, `Bearer ${fakeBedrockApiKey}`);
});

test.run();
