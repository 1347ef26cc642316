/**
 * A chat request's checks never hold the event loop for long: a long message list is checked a slice
 * of messages per turn, giving what the whole schema gives (the value, or the same 400 for the same
 * message); objects (logit_bias, a tool's JSON schema) are checked in one plain pass; a message's
 * content parts and the tool definitions' size are bounded.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GatewayError } from '../../src/domain/gateway-error.ts';
import { chatCompletionRequestInTurns, chatCompletionRequestSchema } from '../../src/pipeline/endpoints/openai/schemas/chat-request-schema.ts';
import { parseRequestBody, parseRequestBodyInTurns } from '../../src/pipeline/endpoints/openai/schemas/parse-request-body.ts';

function conversation(length: number): Record<string, unknown> {
  const messages = Array.from({ length }, (_, index) => {
    if (index === 0) return { role: 'system', content: 'be brief' };
    if (index % 4 === 1) return { role: 'user', content: [{ type: 'text', text: `turn ${index}` }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }], extra: index };
    if (index % 4 === 2) return { role: 'assistant', content: null, tool_calls: [{ id: `c${index}`, type: 'function', function: { name: 'f', arguments: '{}' } }] };
    if (index % 4 === 3) return { role: 'tool', content: 'done', tool_call_id: `c${index - 1}` };
    return { role: 'user', content: `turn ${index}` };
  });
  return { model: 'chat', messages, temperature: 0.5, passed_through: { kept: true } };
}

/** Counts turns of the event loop while `work` runs. */
async function turnsDuring<T>(work: () => T | Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let running = true;
  const tick = (): void => {
    turns++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    return { value: await work(), turns };
  } finally {
    running = false;
  }
}

function refusalOf(check: () => unknown): Promise<GatewayError> {
  return Promise.resolve()
    .then(check)
    .then(
      () => {
        throw new Error('expected a refusal');
      },
      (error: unknown) => {
        assert.instance(error, GatewayError);
        return error as GatewayError;
      },
    );
}

test('a long message list is checked a slice per turn and gives what the whole schema gives', async () => {
  const body = conversation(3000);
  const { value, turns } = await turnsDuring(() => parseRequestBodyInTurns(chatCompletionRequestInTurns, structuredClone(body)));
  assert.equal(value, chatCompletionRequestSchema.parse(body));
  assert.ok(turns >= 10, `other work ran ${turns} times while 3,000 messages were checked`);
});

test('a short message list is checked at once, without waiting for a turn', () => {
  const body = conversation(40);
  const value = parseRequestBodyInTurns(chatCompletionRequestInTurns, body);
  assert.not.instance(value, Promise);
  assert.equal(value, chatCompletionRequestSchema.parse(body));
});

test('a bad message deep in a long list is refused as the whole schema refuses it', async () => {
  const cases: Array<(messages: Array<Record<string, unknown>>) => void> = [
    (messages) => (messages[2501]!.content = 7),
    (messages) => (messages[2999] = { role: 'robot', content: 'hi' }),
    (messages) => ((messages[1234]!.tool_calls as Array<Record<string, unknown>>)[0]!.id = undefined),
    (messages) => (messages[700]!.content = [{ type: 'text' }]),
  ];
  for (const spoil of cases) {
    const body = conversation(3000);
    spoil(body.messages as Array<Record<string, unknown>>);
    const whole = await refusalOf(() => parseRequestBody(chatCompletionRequestSchema, body));
    const inTurns = await refusalOf(() => parseRequestBodyInTurns(chatCompletionRequestInTurns, body));
    assert.equal([inTurns.status, inTurns.code, inTurns.param, inTurns.message], [whole.status, whole.code, whole.param, whole.message]);
    assert.match(inTurns.param ?? '', /^messages\[\d+\]/);
  }
  // The list's own bounds, and the rest of the request, are checked too.
  const tooMany = await refusalOf(() => parseRequestBodyInTurns(chatCompletionRequestInTurns, conversation(5000)));
  assert.equal([tooMany.code, tooMany.param], ['array_above_max_length', 'messages']);
  const hot = await refusalOf(() => parseRequestBodyInTurns(chatCompletionRequestInTurns, { ...conversation(3000), temperature: 'hot' }));
  assert.equal([hot.code, hot.param], ['invalid_type', 'temperature']);
});

test('a message with more than 1,024 content parts is a 400 naming it', async () => {
  const content = Array.from({ length: 1025 }, () => ({ type: 'text', text: '' }));
  const refused = await refusalOf(() => parseRequestBodyInTurns(chatCompletionRequestInTurns, { model: 'chat', messages: [{ role: 'user', content }] }));
  assert.equal([refused.code, refused.param], ['array_above_max_length', 'messages[0].content']);
  assert.ok(parseRequestBodyInTurns(chatCompletionRequestInTurns, { model: 'chat', messages: [{ role: 'user', content: content.slice(1) }] }));
});

test('objects are checked in one plain pass, tool definitions bounded, wrong types refused as before', async () => {
  const members = (count: number, value: unknown): Record<string, unknown> => Object.fromEntries(Array.from({ length: count }, (_, index) => [String(index), value]));
  const chat = { model: 'chat', messages: [{ role: 'user', content: 'hi' }] };
  // A tool's JSON schema of 150,000 members (an object that large is refused while the body arrives,
  // json-shape-limits.ts, but several smaller ones can add up): the size check looks at its start only.
  // Members past the first 20,000 (well beyond 256,000 characters) count every read of their value:
  // zod's records read them all (130-220 ms on a quiet machine), as did the prompt's JSON.stringify.
  const properties = members(20_000, { type: 'string' });
  let readsPastTheStart = 0;
  for (let index = 20_000; index < 150_000; index++) {
    Object.defineProperty(properties, String(index), {
      enumerable: true,
      get: () => {
        readsPastTheStart++;
        return { type: 'string' };
      },
    });
  }
  const huge = { ...chat, tools: [{ type: 'function', function: { name: 'f', parameters: { properties } } }] };
  const refused = await refusalOf(() => parseRequestBodyInTurns(chatCompletionRequestInTurns, huge));
  assert.is(readsPastTheStart, 0);
  assert.equal([refused.code, refused.param], ['invalid_value', 'tools']);
  assert.match(refused.message, /more than 256000 characters of JSON; the limit is 256000/);
  const allowed = { ...chat, logit_bias: members(1024, -100), tools: [{ type: 'function', function: { name: 'f', parameters: { properties: members(5000, { type: 'string' }) } } }] };
  const value = parseRequestBodyInTurns(chatCompletionRequestInTurns, allowed) as { logit_bias: unknown; tools: Array<{ function: { parameters: unknown } }> };
  assert.is(value.logit_bias, allowed.logit_bias);
  assert.is(value.tools[0]!.function.parameters, allowed.tools[0]!.function.parameters);

  const bias = await refusalOf(() => parseRequestBody(chatCompletionRequestSchema, { ...chat, logit_bias: { '50256': -100, '12': 'x' } }));
  assert.equal([bias.code, bias.param], ['invalid_type', 'logit_bias.12']);
  assert.match(bias.message, /expected a number, but got a string instead/);
  const listBias = await refusalOf(() => parseRequestBody(chatCompletionRequestSchema, { ...chat, logit_bias: [1] }));
  assert.equal([listBias.code, listBias.param], ['invalid_type', 'logit_bias']);
  const parameters = await refusalOf(() => parseRequestBody(chatCompletionRequestSchema, { ...chat, tools: [{ type: 'function', function: { name: 'f', parameters: [] } }] }));
  assert.equal([parameters.code, parameters.param], ['invalid_type', 'tools[0].function.parameters']);
  const file = await refusalOf(() => parseRequestBody(chatCompletionRequestSchema, { model: 'chat', messages: [{ role: 'user', content: [{ type: 'file' }] }] }));
  assert.equal([file.code, file.param], ['missing_required_parameter', 'messages[0].content[0].file']);
  assert.ok(parseRequestBody(chatCompletionRequestSchema, { ...chat, logit_bias: null, tools: [{ type: 'function', function: { name: 'f' } }] }));
});

test.run();
