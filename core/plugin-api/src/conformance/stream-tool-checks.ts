/**
 * Streamed tool calls: each call opens with index, id, type and name; later deltas carry only the
 * next piece of its arguments, relayed as they come; parallel calls keep their own index.
 */
import * as assert from 'uvu/assert';
import type { ChatCompletionChunk, ToolCallDelta } from '../openai/index.ts';
import type { ConformanceCheck, ConformanceScenario } from './conformance-check.ts';
import { assertStreamInvariants } from './assert-stream-invariants.ts';
import { collectStream } from './testing/collect-stream.ts';
import { parisCall, timeTool, tokyoCall, weatherTool } from './tool-checks.ts';

const usage = { input: 40, output: 18 };

async function streamCalls(
  { client, fake, call, chatRequest }: ConformanceScenario,
  calls: Array<typeof parisCall>,
): Promise<ChatCompletionChunk[]> {
  fake.enqueue({ type: 'message', toolCalls: calls, finish: 'tool_calls', usage, pieces: 3 });
  const chunks = await collectStream(
    client.chatStream(
      chatRequest({
        messages: [{ role: 'user', content: 'Weather in Paris and time in Tokyo?' }],
        tools: [weatherTool, timeTool],
        stream: true,
      }),
      call(),
    ),
  );
  assertStreamInvariants(chunks);
  return chunks;
}

/** The tool call deltas of choice 0, grouped by their index, in arrival order. */
function deltasByIndex(chunks: ChatCompletionChunk[]): Map<number, ToolCallDelta[]> {
  const byIndex = new Map<number, ToolCallDelta[]>();
  for (const chunk of chunks) {
    for (const delta of chunk.choices.find((choice) => choice.index === 0)?.delta.tool_calls ?? []) {
      assert.type(delta.index, 'number', 'every tool call delta has an index');
      byIndex.set(delta.index, [...(byIndex.get(delta.index) ?? []), delta]);
    }
  }
  return byIndex;
}

function lastFinish(chunks: ChatCompletionChunk[]): string | null | undefined {
  return chunks.filter((chunk) => chunk.choices.length > 0).at(-1)?.choices[0].finish_reason;
}

export const streamToolChecks: ConformanceCheck[] = [
  {
    name: 'stream tools: a call opens with id, type and name',
    requires: ['chat', 'stream', 'tools'],
    async run(scenario) {
      const chunks = await streamCalls(scenario, [parisCall]);
      const byIndex = deltasByIndex(chunks);
      assert.equal([...byIndex.keys()], [0], 'one tool call, at index 0');
      const [first, ...rest] = byIndex.get(0)!;
      assert.ok(typeof first.id === 'string' && first.id.length > 0, 'the first delta carries the id');
      assert.is(first.type, 'function', "the first delta carries type 'function'");
      assert.is(first.function?.name, 'get_weather', 'the first delta carries the name');
      for (const later of rest) {
        assert.is(later.id, undefined, 'later deltas carry no id');
        assert.is(later.function?.name, undefined, 'later deltas carry no name');
      }
      const args = byIndex.get(0)!.map((delta) => delta.function?.arguments ?? '').join('');
      assert.equal(JSON.parse(args), { city: 'Paris', unit: 'celsius' });
      assert.is(lastFinish(chunks), 'tool_calls');
    },
  },
  {
    name: 'stream tools: arguments arrive in several pieces',
    requires: ['chat', 'stream', 'tools'],
    async run(scenario) {
      const chunks = await streamCalls(scenario, [parisCall]);
      const pieces = deltasByIndex(chunks).get(0)!.filter((delta) => delta.function?.arguments);
      assert.ok(pieces.length >= 2, `the arguments arrived in ${pieces.length} piece(s); they must be relayed as they come`);
    },
  },
  {
    name: 'stream tools: parallel calls keep their own index',
    requires: ['chat', 'stream', 'tools'],
    async run(scenario) {
      const chunks = await streamCalls(scenario, [parisCall, tokyoCall]);
      const byIndex = deltasByIndex(chunks);
      assert.equal([...byIndex.keys()].sort(), [0, 1], 'two tool calls, at indexes 0 and 1');
      const calls = [...byIndex.values()].map((deltas) => ({
        id: deltas[0].id,
        name: deltas[0].function?.name,
        arguments: JSON.parse(deltas.map((delta) => delta.function?.arguments ?? '').join('')),
      }));
      assert.equal(
        calls.map((toolCall) => [toolCall.name, toolCall.arguments]),
        [
          ['get_weather', { city: 'Paris', unit: 'celsius' }],
          ['get_time', { city: 'Tokyo' }],
        ],
      );
      assert.is(new Set(calls.map((toolCall) => toolCall.id)).size, 2, 'the calls have distinct ids');
      assert.is(lastFinish(chunks), 'tool_calls');
    },
  },
];
