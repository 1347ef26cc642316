/** Shared plumbing of the client tests: a plugin client wired to the fake, and stream collectors. */
import { createHttpClient, type ChatCompletionChunk, type ProviderClient, type ProviderError } from '@conduit/plugin-api';
import {
  collectStream,
  createPluginClient,
  expectProviderError,
  type ConformanceFakeUpstream,
  type PluginClientSettings,
} from '@conduit/plugin-api/conformance';
import plugin from '../src/index.ts';

export {
  collectStream as collect,
  expectProviderError as rejection,
  streamedText as text,
  testCallOptions as call,
  waitUntil as until,
  within,
} from '@conduit/plugin-api/conformance';

export const http = createHttpClient();

export function clientFor(
  fake: ConformanceFakeUpstream,
  overrides: Pick<PluginClientSettings, 'credentials' | 'options'> = {},
): ProviderClient {
  return createPluginClient(plugin, fake, { ...overrides, http });
}

/** Collects a stream that must fail; returns what arrived before the failure and the error. */
export async function collectFailure(
  stream: AsyncIterable<ChatCompletionChunk>,
): Promise<{ chunks: ChatCompletionChunk[]; error: ProviderError }> {
  const chunks: ChatCompletionChunk[] = [];
  const error = await expectProviderError(collectStream(stream, chunks), 'the stream');
  return { chunks, error };
}
