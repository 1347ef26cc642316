/** Shared set-up of the client tests: the fake Mistral, a real HTTP client, and small helpers. */
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
import { startMistralFakeUpstream, type MistralFakeUpstream } from './fake-mistral-upstream.ts';

export interface ClientHarness {
  fake: MistralFakeUpstream;
  /** A client holding the fake's key. */
  client: ProviderClient;
  createClient(credentials: Record<string, string>, options?: Record<string, unknown>): ProviderClient;
  close(): Promise<void>;
}

export async function startClientHarness(): Promise<ClientHarness> {
  const http = createHttpClient();
  const fake = await startMistralFakeUpstream();
  const createClient = (credentials: Record<string, string>, options: Record<string, unknown> = fake.provider.options) =>
    plugin.create({
      provider: { id: 'provider-1', name: 'mistral-test', type: 'mistral' },
      baseUrl: fake.provider.baseUrl,
      credentials,
      options,
      pluginOptions: {},
      http,
      logger: silentLogger,
    });
  return {
    fake,
    client: createClient(fake.provider.credentials),
    createClient,
    async close() {
      await fake.close();
      await http.close();
    },
  };
}

export function call(signal: AbortSignal = new AbortController().signal): CallOptions {
  return { signal, requestId: 'req-test-1' };
}

export const model = 'mistral-small-latest';

export function chat(fields: Partial<ChatCompletionRequest> & Pick<ChatCompletionRequest, 'messages'>): ChatCompletionRequest {
  return { ...fields, model };
}

export async function collect(
  stream: AsyncIterable<ChatCompletionChunk>,
  chunks: ChatCompletionChunk[] = [],
): Promise<ChatCompletionChunk[]> {
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

export async function expectError(work: Promise<unknown>): Promise<ProviderError> {
  try {
    await work;
  } catch (error) {
    assert.ok(ProviderError.isInstance(error), `a ProviderError, got ${String(error)}`);
    return error as ProviderError;
  }
  throw new Error('expected the call to fail');
}

export const streamedText = (chunks: ChatCompletionChunk[]): string =>
  chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
