import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProviderError, type ChatCompletionRequest, type ChatMessage } from '@conduit/plugin-api';
import { mapChatRequest } from '../src/map-chat-request.ts';
import { claudeThinkingStyle as thinkingStyle } from '@conduit/plugin-api';

const options = { samplingParameters: true };
const map = (request: Partial<ChatCompletionRequest>) =>
  mapChatRequest({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'Hi' }], ...request }, options);

const weatherTool = { type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object' } } };
const signed = { type: 'thinking' as const, thinking: 'Look it up.', signature: 'c2lnbmVk' };
const toolLoop = (assistantExtra: Record<string, unknown> = {}): ChatMessage[] => [
  { role: 'user', content: 'Weather in Paris?' },
  {
    role: 'assistant',
    content: null,
    tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
    ...assistantExtra,
  },
  { role: 'tool', tool_call_id: 'toolu_1', content: 'Sunny' },
];

test('thinking styles follow Anthropic’s model documentation', () => {
  for (const model of ['claude-3-5-sonnet-20241022', 'claude-3-opus-20240229', 'claude-2.1', 'gpt-4o']) assert.is(thinkingStyle(model), 'none', model);
  for (const model of ['claude-3-7-sonnet-20250219', 'claude-sonnet-4-20250514', 'claude-opus-4-1', 'claude-sonnet-4-5', 'claude-haiku-4-5-20251001', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0']) {
    assert.is(thinkingStyle(model), 'budget', model);
  }
  for (const model of ['claude-opus-4-6', 'claude-sonnet-4-6', 'claude-opus-4-7', 'claude-opus-5', 'claude-fable-5-1', 'anthropic.claude-opus-4-6-v1']) {
    assert.is(thinkingStyle(model), 'adaptive', model);
  }
});

test('budget models: each effort level becomes its budget (LiteLLM’s), and none/minimal think not', () => {
  const budgets = { low: 1024, medium: 2048, high: 4096, xhigh: 8192, max: 16384 };
  for (const [effort, budget] of Object.entries(budgets)) {
    const body = map({ reasoning_effort: effort, max_completion_tokens: 20000 });
    assert.equal(body.thinking, { type: 'enabled', budget_tokens: budget }, effort);
    assert.is(body.output_config, undefined);
  }
  for (const effort of ['none', 'minimal', null]) assert.is(map({ reasoning_effort: effort }).thinking, undefined);
});

test('adaptive models: thinking adaptive with the level as output_config.effort, beside a response format', () => {
  const body = map({
    model: 'claude-opus-4-7',
    reasoning_effort: 'high',
    response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } },
  });
  assert.equal(body.thinking, { type: 'adaptive' });
  assert.equal(body.output_config, { format: { type: 'json_schema', schema: { type: 'object' } }, effort: 'high' });
});

test('models that cannot think ignore reasoning_effort, and do not get thinking blocks back', () => {
  const body = map({ model: 'claude-3-5-haiku-20241022', reasoning_effort: 'high', messages: toolLoop({ thinking_blocks: [signed] }) });
  assert.is(body.thinking, undefined);
  assert.equal((body.messages[1].content as Array<{ type: string }>).map((block) => block.type), ['tool_use']);
});

test('the budget is clamped below max_tokens; a limit that leaves no room for 1024 tokens of thought means no thinking', () => {
  assert.equal(map({ reasoning_effort: 'high', max_completion_tokens: 3000 }).thinking, { type: 'enabled', budget_tokens: 2999 });
  assert.is(map({ reasoning_effort: 'high', max_tokens: 3000 }).max_tokens, 3000);
  assert.is(map({ reasoning_effort: 'low', max_completion_tokens: 1024 }).thinking, undefined);
  // No limit: the model's default (32000 for Claude 4) holds the budget.
  const body = map({ reasoning_effort: 'max' });
  assert.equal(body.thinking, { type: 'enabled', budget_tokens: 16384 });
  assert.is(body.max_tokens, 32000);
});

test('with thinking on, temperature and top_p are dropped; without, they stay', () => {
  const thinking = map({ reasoning_effort: 'low', temperature: 0.2, top_p: 0.5 });
  assert.is(thinking.temperature, undefined);
  assert.is(thinking.top_p, undefined);
  const plain = map({ temperature: 0.2, top_p: 0.5 });
  assert.is(plain.temperature, 0.2);
  assert.is(plain.top_p, 0.5);
});

test('a forced tool call wins over thinking, which Anthropic does not allow with it', () => {
  assert.is(map({ reasoning_effort: 'high', tools: [weatherTool], tool_choice: 'required' }).thinking, undefined);
  assert.is(map({ reasoning_effort: 'high', tools: [weatherTool], tool_choice: { type: 'function', function: { name: 'get_weather' } } }).thinking, undefined);
  assert.ok(map({ reasoning_effort: 'high', tools: [weatherTool], tool_choice: 'auto' }).thinking);
});

test('signed thinking blocks open the assistant turn, unchanged; redacted ones too', () => {
  const redacted = { type: 'redacted_thinking' as const, data: 'ZW5jcnlwdGVk' };
  const body = map({ reasoning_effort: 'high', tools: [weatherTool], messages: toolLoop({ thinking_blocks: [signed, redacted] }) });
  assert.equal(body.messages[1].content, [
    signed,
    redacted,
    { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
  ]);
  assert.equal(body.thinking, { type: 'enabled', budget_tokens: 4096 });
});

test('a tool loop whose assistant turn lost its thinking (or carries it unsigned) goes without thinking', () => {
  assert.is(map({ reasoning_effort: 'high', tools: [weatherTool], messages: toolLoop() }).thinking, undefined);
  const unsigned = map({ reasoning_effort: 'high', tools: [weatherTool], messages: toolLoop({ thinking_blocks: [{ type: 'thinking', thinking: 'x' }] }) });
  assert.is(unsigned.thinking, undefined);
  assert.equal((unsigned.messages[1].content as Array<{ type: string }>).map((block) => block.type), ['tool_use']);
  // Once the loop is over (a new user message), thinking is back on.
  const next = map({ reasoning_effort: 'high', tools: [weatherTool], messages: [...toolLoop(), { role: 'assistant', content: 'Sunny.' }, { role: 'user', content: 'And Rome?' }] });
  assert.ok(next.thinking);
});

test('malformed thinking blocks and unknown effort levels are refused with the parameter named', () => {
  for (const [request, param] of [
    [{ reasoning_effort: 'extreme' }, 'reasoning_effort'],
    [{ messages: toolLoop({ thinking_blocks: [{ type: 'thinking' }] }) }, 'messages[1].thinking_blocks[0]'],
    [{ messages: toolLoop({ thinking_blocks: 'text' }) }, 'messages[1].thinking_blocks'],
  ] as const) {
    try {
      map(request as Partial<ChatCompletionRequest>);
      assert.unreachable(`accepted ${JSON.stringify(request)}`);
    } catch (error) {
      assert.ok(ProviderError.isInstance(error), String(error));
      assert.is(error.code, 'bad_request');
      assert.is(error.param, param);
    }
  }
});

test.run();
