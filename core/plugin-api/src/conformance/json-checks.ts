/** Structured output: JSON schema and JSON object response formats. */
import * as assert from 'uvu/assert';
import type { ConformanceCheck } from './conformance-check.ts';
import { contentOf } from './assert-chat-completion.ts';
import { collectStream } from './testing/collect-stream.ts';
import { streamedText } from './testing/streamed-text.ts';

const schema = {
  type: 'object',
  properties: { city: { type: 'string' }, temperature: { type: 'number' } },
  required: ['city', 'temperature'],
  additionalProperties: false,
};
const answer = '{"city":"Paris","temperature":18}';
const usage = { input: 30, output: 12 };

export const jsonChecks: ConformanceCheck[] = [
  {
    name: 'json: schema output',
    requires: ['chat', 'jsonSchema'],
    async run({ client, fake, call, chatRequest }) {
      fake.enqueue({ type: 'message', text: answer, finish: 'stop', usage });
      const completion = await client.chat(
        chatRequest({
          messages: [{ role: 'user', content: 'Weather in Paris as JSON' }],
          response_format: { type: 'json_schema', json_schema: { name: 'weather', schema, strict: true } },
        }),
        call(),
      );
      assert.equal(JSON.parse(contentOf(completion)), { city: 'Paris', temperature: 18 });
      const observed = fake.lastRequest().jsonSchema as { properties?: Record<string, unknown>; required?: unknown } | undefined;
      assert.ok(observed, 'the provider was asked for JSON matching a schema');
      assert.equal(Object.keys(observed!.properties ?? {}), ['city', 'temperature'], 'the schema reached the provider');
      assert.equal(observed!.required, ['city', 'temperature']);
    },
  },
  {
    name: 'json: schema output streamed',
    requires: ['chat', 'stream', 'jsonSchema'],
    async run({ client, fake, call, chatRequest }) {
      fake.enqueue({ type: 'message', text: answer, finish: 'stop', usage });
      const chunks = await collectStream(
        client.chatStream(
          chatRequest({
            messages: [{ role: 'user', content: 'Weather in Paris as JSON' }],
            response_format: { type: 'json_schema', json_schema: { name: 'weather', schema, strict: true } },
            stream: true,
          }),
          call(),
        ),
      );
      assert.equal(JSON.parse(streamedText(chunks)), { city: 'Paris', temperature: 18 });
      assert.ok(fake.lastRequest().jsonSchema, 'the provider was asked for JSON matching a schema');
    },
  },
  {
    name: 'json: object output',
    requires: ['chat', 'jsonObject'],
    async run({ client, fake, call, chatRequest }) {
      fake.enqueue({ type: 'message', text: answer, finish: 'stop', usage });
      const completion = await client.chat(
        chatRequest({
          messages: [{ role: 'user', content: 'Weather in Paris, as a JSON object' }],
          response_format: { type: 'json_object' },
        }),
        call(),
      );
      assert.equal(JSON.parse(contentOf(completion)), { city: 'Paris', temperature: 18 });
      assert.is(fake.lastRequest().jsonObject, true, 'the provider was asked for JSON output');
    },
  },
];
