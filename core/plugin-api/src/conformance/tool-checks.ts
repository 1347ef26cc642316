/** Tools: definitions and choice sent, calls read back (single, parallel), results in the next turn. */
import * as assert from 'uvu/assert';
import type { FunctionTool } from '../openai/index.ts';
import type { ConformanceCheck } from './conformance-check.ts';
import { assertChatCompletion } from './assert-chat-completion.ts';

export const weatherTool: FunctionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather in a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string', description: 'City name' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
      required: ['city'],
    },
  },
};
export const timeTool: FunctionTool = {
  type: 'function',
  function: {
    name: 'get_time',
    description: 'Current local time in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

export const parisCall = { id: 'call_weather_paris', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' };
export const tokyoCall = { id: 'call_time_tokyo', name: 'get_time', arguments: '{"city":"Tokyo"}' };
const usage = { input: 40, output: 18 };
const question = [{ role: 'user' as const, content: 'Weather in Paris and time in Tokyo?' }];

export const toolChecks: ConformanceCheck[] = [
  {
    name: 'tools: definitions and tool_choice auto reach the provider',
    requires: ['chat', 'tools'],
    async run({ client, fake, call, chatRequest }) {
      await client.chat(chatRequest({ messages: question, tools: [weatherTool, timeTool], tool_choice: 'auto' }), call());
      const observed = fake.lastRequest();
      assert.equal(
        observed.tools?.map((tool) => [tool.name, tool.description]),
        [
          ['get_weather', 'Current weather in a city'],
          ['get_time', 'Current local time in a city'],
        ],
      );
      const parameters = observed.tools![0].parameters as { properties?: Record<string, unknown>; required?: unknown };
      assert.equal(Object.keys(parameters?.properties ?? {}), ['city', 'unit'], 'the parameters schema arrived');
      assert.equal(parameters.required, ['city']);
      assert.ok(observed.toolChoice === 'auto' || observed.toolChoice === undefined, 'auto is sent as auto (or as the default)');
    },
  },
  {
    name: 'tools: tool_choice required',
    requires: ['chat', 'tools'],
    async run({ client, fake, call, chatRequest }) {
      await client.chat(chatRequest({ messages: question, tools: [weatherTool], tool_choice: 'required' }), call());
      assert.is(fake.lastRequest().toolChoice, 'required');
    },
  },
  {
    name: 'tools: tool_choice naming a function',
    requires: ['chat', 'tools'],
    async run({ client, fake, call, chatRequest }) {
      await client.chat(
        chatRequest({
          messages: question,
          tools: [weatherTool, timeTool],
          tool_choice: { type: 'function', function: { name: 'get_time' } },
        }),
        call(),
      );
      assert.equal(fake.lastRequest().toolChoice, { name: 'get_time' });
    },
  },
  {
    name: 'tools: a tool call',
    requires: ['chat', 'tools'],
    async run({ client, fake, call, chatRequest }) {
      fake.enqueue({ type: 'message', toolCalls: [parisCall], finish: 'tool_calls', usage });
      const completion = await client.chat(chatRequest({ messages: question, tools: [weatherTool] }), call());
      assertChatCompletion(completion);
      const calls = completion.choices[0].message.tool_calls ?? [];
      assert.is(calls.length, 1);
      assert.is(calls[0].type, 'function');
      assert.ok(typeof calls[0].id === 'string' && calls[0].id.length > 0, 'the call has an id');
      assert.is(calls[0].function.name, 'get_weather');
      assert.equal(JSON.parse(calls[0].function.arguments), { city: 'Paris', unit: 'celsius' });
      assert.is(completion.choices[0].finish_reason, 'tool_calls');
    },
  },
  {
    name: 'tools: parallel tool calls',
    requires: ['chat', 'tools'],
    async run({ client, fake, call, chatRequest }) {
      fake.enqueue({ type: 'message', toolCalls: [parisCall, tokyoCall], finish: 'tool_calls', usage });
      const completion = await client.chat(chatRequest({ messages: question, tools: [weatherTool, timeTool] }), call());
      const calls = completion.choices[0].message.tool_calls ?? [];
      assert.equal(
        calls.map((toolCall) => [toolCall.function.name, JSON.parse(toolCall.function.arguments)]),
        [
          ['get_weather', { city: 'Paris', unit: 'celsius' }],
          ['get_time', { city: 'Tokyo' }],
        ],
      );
      assert.is(new Set(calls.map((toolCall) => toolCall.id)).size, 2, 'the calls have distinct ids');
      assert.is(completion.choices[0].finish_reason, 'tool_calls');
    },
  },
  {
    name: 'tools: tool calls and results in the next turn',
    requires: ['chat', 'tools'],
    async run({ client, fake, call, chatRequest }) {
      fake.enqueue({ type: 'message', text: 'Paris: 18°C. Tokyo: 21:04.', finish: 'stop', usage });
      await client.chat(
        chatRequest({
          messages: [
            ...question,
            {
              role: 'assistant',
              content: null,
              tool_calls: [parisCall, tokyoCall].map((toolCall) => ({
                id: toolCall.id,
                type: 'function' as const,
                function: { name: toolCall.name, arguments: toolCall.arguments },
              })),
            },
            { role: 'tool', tool_call_id: parisCall.id, content: '18°C and sunny' },
            { role: 'tool', tool_call_id: tokyoCall.id, content: '21:04' },
          ],
          tools: [weatherTool, timeTool],
        }),
        call(),
      );
      const observed = fake.lastRequest();
      const assistant = observed.messages.find((message) => message.toolCalls?.length);
      assert.ok(assistant, 'the assistant turn with its tool calls reached the provider');
      assert.equal(
        assistant!.toolCalls!.map((toolCall) => [toolCall.name, toolCall.arguments]),
        [
          ['get_weather', { city: 'Paris', unit: 'celsius' }],
          ['get_time', { city: 'Tokyo' }],
        ],
      );
      const results = observed.messages.flatMap((message) => message.toolResults ?? []);
      assert.equal(results.map((result) => result.content), ['18°C and sunny', '21:04']);
      // A plugin may rewrite ids for its provider, but each result must point at its own call.
      results.forEach((result, index) => {
        const id = assistant!.toolCalls![index].id;
        if (result.toolCallId !== undefined || id !== undefined) assert.is(result.toolCallId, id, 'the result refers to its call');
      });
      assert.ok(observed.messages.at(-1)?.toolResults?.length, 'the tool results are the last turn');
    },
  },
];
