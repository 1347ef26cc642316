/** Usage: exact counts, total = prompt + completion, cached tokens inside prompt_tokens. */
import * as assert from 'uvu/assert';
import type { ConformanceCheck } from './conformance-check.ts';
import { assertUsage } from './assert-chat-completion.ts';

export const usageChecks: ConformanceCheck[] = [
  {
    name: 'usage: counts and total = prompt + completion',
    requires: ['chat'],
    async run({ client, fake, call, chatRequest }) {
      fake.enqueue({ type: 'message', text: 'Fine.', finish: 'stop', usage: { input: 20, output: 8 } });
      const completion = await client.chat(chatRequest({ messages: [{ role: 'user', content: 'Hi' }] }), call());
      assert.ok(completion.usage, 'the answer carries usage');
      assertUsage(completion.usage!);
      assert.equal(
        [completion.usage!.prompt_tokens, completion.usage!.completion_tokens, completion.usage!.total_tokens],
        [20, 8, 28],
      );
    },
  },
  {
    name: 'usage: cached prompt tokens are counted inside prompt_tokens',
    requires: ['chat'],
    async run({ client, fake, call, chatRequest }) {
      fake.enqueue({ type: 'message', text: 'Fine.', finish: 'stop', usage: { input: 20, output: 8, cachedInput: 12 } });
      const completion = await client.chat(chatRequest({ messages: [{ role: 'user', content: 'Hi' }] }), call());
      const usage = completion.usage!;
      assertUsage(usage);
      const cached = usage.prompt_tokens_details?.cached_tokens;
      if (cached) {
        assert.is(cached, 12, 'cached_tokens is what the provider reported');
        assert.is(usage.prompt_tokens, 32, 'prompt_tokens includes the cached tokens');
      } else {
        // The provider does not report cache reads; the prompt count is then all it reported.
        assert.ok([20, 32].includes(usage.prompt_tokens), `prompt_tokens is 20 or 32 (got ${usage.prompt_tokens})`);
      }
    },
  },
  {
    name: 'usage: cache writes are counted inside prompt_tokens',
    requires: ['chat'],
    async run({ client, fake, call, chatRequest }) {
      fake.enqueue({ type: 'message', text: 'Fine.', finish: 'stop', usage: { input: 20, output: 8, cacheWrite: 6 } });
      const completion = await client.chat(chatRequest({ messages: [{ role: 'user', content: 'Hi' }] }), call());
      const usage = completion.usage!;
      assertUsage(usage);
      const written = usage.prompt_tokens_details?.cache_write_tokens;
      if (written) {
        assert.is(written, 6, 'cache_write_tokens is what the provider reported');
        assert.is(usage.prompt_tokens, 26, 'prompt_tokens includes the cache writes');
      } else {
        assert.ok([20, 26].includes(usage.prompt_tokens), `prompt_tokens is 20 or 26 (got ${usage.prompt_tokens})`);
      }
    },
  },
];
