/**
 * Shared set-up of the client tests: the plugin, created through its definePlugin object with a
 * context built from `createHttpClient()`, pointed at a fresh fake Gemini upstream.
 */
import * as assert from 'uvu/assert';
import {
  ProviderError,
  createHttpClient,
  silentLogger,
  type CallOptions,
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  type ProviderClient,
} from '@conduit/plugin-api';
import plugin from '../src/index.ts';
import { startGeminiFakeUpstream, type GeminiFakeUpstream } from './fake-gemini-upstream.ts';

export interface PluginHarness {
  fake: GeminiFakeUpstream;
  client: ProviderClient;
  /** Another client of the same plugin and fake, with other credentials. */
  clientWith(credentials: Record<string, string>): ProviderClient;
  close(): Promise<void>;
}

export async function startHarness(): Promise<PluginHarness> {
  const http = createHttpClient();
  const fake = await startGeminiFakeUpstream();
  const clientWith = (credentials: Record<string, string>): ProviderClient =>
    plugin.create({
      provider: { id: 'p1', name: 'Gemini', type: 'gemini' },
      baseUrl: fake.provider.baseUrl,
      credentials,
      options: fake.provider.options,
      pluginOptions: {},
      http,
      logger: silentLogger,
    });
  return {
    fake,
    client: clientWith(fake.provider.credentials),
    clientWith,
    async close() {
      await fake.close();
      await http.close();
    },
  };
}

export const call = (signal: AbortSignal = new AbortController().signal): CallOptions => ({ signal, requestId: 'req-1' });

export const chat = (fields: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest => ({
  model: 'gemini-2.5-flash',
  messages: [{ role: 'user', content: 'Hello' }],
  ...fields,
});

/** Reads a stream to its end; what arrived before a failure stays in `into`. */
export async function collect(
  stream: AsyncIterable<ChatCompletionChunk>,
  into: ChatCompletionChunk[] = [],
): Promise<ChatCompletionChunk[]> {
  for await (const chunk of stream) into.push(chunk);
  return into;
}

export async function providerError(work: Promise<unknown>): Promise<ProviderError> {
  try {
    await work;
  } catch (error) {
    assert.ok(ProviderError.isInstance(error), `expected a ProviderError, got ${String(error)}`);
    return error as ProviderError;
  }
  throw new Error('expected a ProviderError');
}

export const streamedText = (chunks: ChatCompletionChunk[]): string =>
  chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');

export const finishReasons = (chunks: ChatCompletionChunk[]): string[] =>
  chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason)).filter((reason): reason is NonNullable<typeof reason> => reason !== null);
