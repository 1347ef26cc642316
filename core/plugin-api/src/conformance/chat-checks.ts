/** Non-stream chat: text, turns, system prompts, sampling fields, stop, max tokens, finish reasons. */
import * as assert from 'uvu/assert';
import type { ConformanceCheck } from './conformance-check.ts';
import { assertChatCompletion, contentOf } from './assert-chat-completion.ts';

const usage = { input: 12, output: 6 };

export const chatChecks: ConformanceCheck[] = [
  {
    name: 'chat: simple text',
    requires: ['chat'],
    async run({ client, fake, model, call, chatRequest }) {
      fake.enqueue({ type: 'message', text: 'Hello there, I am fine.', finish: 'stop', usage });
      const completion = await client.chat(chatRequest({ messages: [{ role: 'user', content: 'Hello, how are you?' }] }), call());
      assertChatCompletion(completion);
      assert.is(contentOf(completion), 'Hello there, I am fine.');
      assert.is(completion.choices[0].finish_reason, 'stop');
      const observed = fake.lastRequest();
      assert.is(observed.model, model, 'the upstream received the model');
      assert.is(observed.stream, false, 'the upstream was not asked to stream');
      assert.equal(
        observed.messages.map((message) => [message.role, message.text]),
        [['user', 'Hello, how are you?']],
      );
      assert.is(observed.system, undefined, 'no system prompt was invented');
    },
  },
  {
    name: 'chat: multi-turn conversation',
    requires: ['chat'],
    async run({ client, fake, call, chatRequest }) {
      fake.enqueue({ type: 'message', text: 'Your name is Ada.', finish: 'stop', usage });
      const completion = await client.chat(
        chatRequest({
          messages: [
            { role: 'user', content: 'My name is Ada.' },
            { role: 'assistant', content: 'Nice to meet you, Ada.' },
            { role: 'user', content: [{ type: 'text', text: 'What is my name?' }] },
          ],
        }),
        call(),
      );
      assert.is(contentOf(completion), 'Your name is Ada.');
      assert.equal(
        fake.lastRequest().messages.map((message) => [message.role, message.text]),
        [
          ['user', 'My name is Ada.'],
          ['assistant', 'Nice to meet you, Ada.'],
          ['user', 'What is my name?'],
        ],
      );
    },
  },
  {
    name: 'chat: system prompt',
    requires: ['chat'],
    async run({ client, fake, call, chatRequest }) {
      await client.chat(
        chatRequest({
          messages: [
            { role: 'system', content: 'You are terse.' },
            { role: 'user', content: 'Hi' },
          ],
        }),
        call(),
      );
      const observed = fake.lastRequest();
      assert.is(observed.system, 'You are terse.');
      assert.equal(observed.messages.map((message) => [message.role, message.text]), [['user', 'Hi']]);
    },
  },
  {
    name: 'chat: developer message is a system prompt',
    requires: ['chat'],
    async run({ client, fake, call, chatRequest }) {
      await client.chat(
        chatRequest({
          messages: [
            { role: 'developer', content: 'Answer in French.' },
            { role: 'user', content: 'Hi' },
          ],
        }),
        call(),
      );
      assert.is(fake.lastRequest().system, 'Answer in French.');
    },
  },
  {
    name: 'chat: temperature and top_p',
    requires: ['chat'],
    async run({ client, fake, call, chatRequest }) {
      await client.chat(chatRequest({ messages: [{ role: 'user', content: 'Hi' }], temperature: 0.25, top_p: 0.5 }), call());
      const observed = fake.lastRequest();
      assert.is(observed.temperature, 0.25);
      assert.is(observed.topP, 0.5);
    },
  },
  {
    name: 'chat: stop sequences',
    requires: ['chat'],
    async run({ client, fake, call, chatRequest }) {
      fake.enqueue({ type: 'message', text: 'one, two', finish: 'stop', usage });
      const completion = await client.chat(
        chatRequest({ messages: [{ role: 'user', content: 'Count' }], stop: ['three', '\n\n'] }),
        call(),
      );
      assert.equal(fake.lastRequest().stop, ['three', '\n\n']);
      assert.is(completion.choices[0].finish_reason, 'stop');
    },
  },
  {
    name: 'chat: a single stop string',
    requires: ['chat'],
    async run({ client, fake, call, chatRequest }) {
      await client.chat(chatRequest({ messages: [{ role: 'user', content: 'Count' }], stop: 'three' }), call());
      assert.equal(fake.lastRequest().stop, ['three']);
    },
  },
  {
    name: 'chat: max_completion_tokens and finish reason length',
    requires: ['chat'],
    async run({ client, fake, call, chatRequest }) {
      fake.enqueue({ type: 'message', text: 'Once upon a', finish: 'length', usage: { input: 12, output: 5 } });
      const completion = await client.chat(
        chatRequest({ messages: [{ role: 'user', content: 'Tell a story' }], max_completion_tokens: 5 }),
        call(),
      );
      assert.is(fake.lastRequest().maxTokens, 5);
      assert.is(completion.choices[0].finish_reason, 'length');
      assert.is(contentOf(completion), 'Once upon a');
    },
  },
  {
    name: 'chat: legacy max_tokens',
    requires: ['chat'],
    async run({ client, fake, call, chatRequest }) {
      await client.chat(chatRequest({ messages: [{ role: 'user', content: 'Tell a story' }], max_tokens: 7 }), call());
      assert.is(fake.lastRequest().maxTokens, 7);
    },
  },
  {
    name: 'chat: finish reason content_filter',
    requires: ['chat'],
    async run({ client, fake, call, chatRequest }) {
      fake.enqueue({ type: 'message', text: '', finish: 'content_filter', usage });
      const completion = await client.chat(chatRequest({ messages: [{ role: 'user', content: 'Something' }] }), call());
      assert.is(completion.choices[0].finish_reason, 'content_filter');
    },
  },
];
