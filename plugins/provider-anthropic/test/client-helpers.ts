/** Shared plumbing of the client tests: a plugin client wired to the fake, and stream collectors. */
import {
  createHttpClient,
  ProviderError,
  silentLogger,
  type CallOptions,
  type ChatCompletionChunk,
  type ProviderClient,
} from '@conduit/plugin-api';
import plugin from '../src/index.ts';
import type { ConformanceFakeUpstream } from './fake/conformance-types.ts';

export const http = createHttpClient();

export function clientFor(
  fake: ConformanceFakeUpstream,
  overrides: { credentials?: Record<string, string>; options?: Record<string, unknown> } = {},
): ProviderClient {
  return plugin.create({
    provider: { id: 'provider-1', name: 'anthropic-test', type: 'anthropic' },
    baseUrl: fake.provider.baseUrl,
    credentials: overrides.credentials ?? fake.provider.credentials,
    options: overrides.options ?? fake.provider.options,
    pluginOptions: {},
    http,
    logger: silentLogger,
  });
}

export function call(signal: AbortSignal = new AbortController().signal): CallOptions {
  return { signal, requestId: 'req-test-1' };
}

export async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

/** Collects a stream that must fail; returns what arrived before the failure and the error. */
export async function collectFailure(
  stream: AsyncIterable<ChatCompletionChunk>,
): Promise<{ chunks: ChatCompletionChunk[]; error: ProviderError }> {
  const chunks: ChatCompletionChunk[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
  } catch (error) {
    if (!ProviderError.isInstance(error)) throw error;
    return { chunks, error };
  }
  throw new Error('the stream ended without the expected error');
}

export async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (!ProviderError.isInstance(error)) throw error;
    return error;
  }
  throw new Error('the call succeeded where it should have failed');
}

/** Waits for a condition the test cannot subscribe to (the fake receiving a request). */
export async function until(condition: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function within<T>(promise: Promise<T>, what: string, timeoutMs = 2000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function text(chunks: ChatCompletionChunk[]): string {
  return chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
}
