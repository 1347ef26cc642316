/** Test plumbing shared by the client tests: a plugin client for a fake, and stream/rejection readers. */
import * as assert from 'uvu/assert';
import {
  ProviderError,
  silentLogger,
  type CallOptions,
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  type HttpClient,
  type ProviderClient,
} from '@conduit/plugin-api';
import plugin from '../src/index.ts';
import type { ConformanceFakeUpstream } from './fake/conformance-types.ts';

export const modelId = 'anthropic.claude-3-5-sonnet-20240620-v1:0';

export function clientFor(
  fake: ConformanceFakeUpstream,
  http: HttpClient,
  credentials: Record<string, string> = fake.provider.credentials,
): ProviderClient {
  return plugin.create({
    provider: { id: 'p1', name: 'bedrock', type: 'bedrock' },
    baseUrl: fake.provider.baseUrl,
    credentials,
    options: fake.provider.options,
    pluginOptions: {},
    http,
    logger: silentLogger,
  });
}

export const call = (signal: AbortSignal = new AbortController().signal): CallOptions => ({ signal, requestId: 'req-1' });

export const ask = (extra: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest => ({
  model: modelId,
  messages: [{ role: 'user', content: 'Hello' }],
  ...extra,
});

export async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const out: ChatCompletionChunk[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

export async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(ProviderError.isInstance(error), `expected a ProviderError, got ${String(error)}`);
    return error as ProviderError;
  }
  throw new Error('expected a rejection');
}
