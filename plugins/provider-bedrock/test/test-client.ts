/** Test plumbing shared by the client tests: a plugin client for a fake, and stream/rejection readers. */
import type { ChatCompletionRequest, HttpClient, ProviderClient } from '@conduit/plugin-api';
import { createPluginClient, type ConformanceFakeUpstream } from '@conduit/plugin-api/conformance';
import plugin from '../src/index.ts';

export {
  collectStream as collect,
  expectProviderError as rejection,
  testCallOptions as call,
} from '@conduit/plugin-api/conformance';

export const modelId = 'anthropic.claude-3-5-sonnet-20240620-v1:0';

export function clientFor(
  fake: ConformanceFakeUpstream,
  http: HttpClient,
  credentials: Record<string, string> = fake.provider.credentials,
): ProviderClient {
  return createPluginClient(plugin, fake, { http, credentials });
}

export const ask = (extra: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest => ({
  model: modelId,
  messages: [{ role: 'user', content: 'Hello' }],
  ...extra,
});
