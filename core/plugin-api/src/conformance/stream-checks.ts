/** Streamed chat: chunk invariants, incremental text, usage once at the end, finish reasons. */
import * as assert from 'uvu/assert';
import type { ConformanceCheck } from './conformance-check.ts';
import { assertStreamInvariants, streamUsage } from './assert-stream-invariants.ts';
import { collectStream } from './testing/collect-stream.ts';
import { streamedText } from './testing/streamed-text.ts';

const text = 'The quick brown fox jumps over the lazy dog.';

export const streamChecks: ConformanceCheck[] = [
  {
    name: 'stream: text',
    requires: ['chat', 'stream'],
    async run({ client, fake, model, call, chatRequest }) {
      fake.enqueue({ type: 'message', text, finish: 'stop', usage: { input: 9, output: 10 }, pieces: 4 });
      const chunks = await collectStream(
        client.chatStream(chatRequest({ messages: [{ role: 'user', content: 'Say the pangram' }], stream: true }), call()),
      );
      assertStreamInvariants(chunks);
      assert.is(streamedText(chunks), text);
      assert.is(chunks.filter((chunk) => chunk.choices.length > 0).at(-1)!.choices[0].finish_reason, 'stop');
      const observed = fake.lastRequest();
      assert.is(observed.stream, true, 'the upstream was asked to stream');
      assert.is(observed.model, model);
    },
  },
  {
    name: 'stream: text arrives in several chunks',
    requires: ['chat', 'stream'],
    async run({ client, fake, call, chatRequest }) {
      fake.enqueue({ type: 'message', text, finish: 'stop', usage: { input: 9, output: 10 }, pieces: 4 });
      const chunks = await collectStream(
        client.chatStream(chatRequest({ messages: [{ role: 'user', content: 'Say the pangram' }], stream: true }), call()),
      );
      const pieces = chunks.filter((chunk) => chunk.choices[0]?.delta.content);
      assert.ok(pieces.length >= 2, `the text arrived in ${pieces.length} chunk(s); it must be relayed as it comes`);
    },
  },
  {
    name: 'stream: usage arrives once, last, with choices []',
    requires: ['chat', 'stream'],
    async run({ client, fake, call, chatRequest }) {
      fake.enqueue({ type: 'message', text: 'Short answer.', finish: 'stop', usage: { input: 9, output: 4 } });
      const chunks = await collectStream(
        client.chatStream(
          chatRequest({
            messages: [{ role: 'user', content: 'Answer briefly' }],
            stream: true,
            stream_options: { include_usage: true },
          }),
          call(),
        ),
      );
      assertStreamInvariants(chunks);
      const usageChunks = chunks.filter((chunk) => chunk.usage != null);
      assert.is(usageChunks.length, 1, 'exactly one chunk carries usage');
      assert.is(usageChunks[0], chunks.at(-1), 'the usage chunk is the last one');
      assert.equal(usageChunks[0].choices, []);
      const usage = usageChunks[0].usage!;
      assert.equal([usage.prompt_tokens, usage.completion_tokens, usage.total_tokens], [9, 4, 13]);
    },
  },
  {
    name: 'stream: usage is never invented',
    requires: ['chat', 'stream'],
    async run({ client, fake, call, chatRequest }) {
      fake.enqueue({ type: 'message', text: 'Short answer.', finish: 'stop', usage: { input: 9, output: 4 }, omitStreamUsage: true });
      const chunks = await collectStream(
        client.chatStream(
          chatRequest({
            messages: [{ role: 'user', content: 'Answer briefly' }],
            stream: true,
            stream_options: { include_usage: true },
          }),
          call(),
        ),
      );
      assertStreamInvariants(chunks);
      const usage = streamUsage(chunks);
      // A fake whose provider always reports usage may ignore omitStreamUsage; zeros are never right.
      if (usage) assert.equal([usage.prompt_tokens, usage.completion_tokens], [9, 4], 'usage, if any, is the provider’s');
    },
  },
  {
    name: 'stream: finish reason length',
    requires: ['chat', 'stream'],
    async run({ client, fake, call, chatRequest }) {
      fake.enqueue({ type: 'message', text: 'Once upon a', finish: 'length', usage: { input: 9, output: 3 } });
      const chunks = await collectStream(
        client.chatStream(
          chatRequest({ messages: [{ role: 'user', content: 'Tell a story' }], stream: true, max_completion_tokens: 3 }),
          call(),
        ),
      );
      assertStreamInvariants(chunks);
      assert.is(chunks.filter((chunk) => chunk.choices.length > 0).at(-1)!.choices[0].finish_reason, 'length');
      assert.is(fake.lastRequest().maxTokens, 3);
    },
  },
  {
    name: 'stream: system prompt and stop sequences',
    requires: ['chat', 'stream'],
    async run({ client, fake, call, chatRequest }) {
      await collectStream(
        client.chatStream(
          chatRequest({
            messages: [
              { role: 'system', content: 'You are terse.' },
              { role: 'user', content: 'Count' },
            ],
            stream: true,
            stop: ['three'],
          }),
          call(),
        ),
      );
      const observed = fake.lastRequest();
      assert.is(observed.system, 'You are terse.');
      assert.equal(observed.stop, ['three']);
    },
  },
];
