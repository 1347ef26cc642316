/** Shared set-up of the client tests: the fake Cohere, a real HTTP client, and small helpers. */
import type { ChatCompletionRequest } from '@conduit/plugin-api';
import { startPluginHarness, type PluginHarness } from '@conduit/plugin-api/conformance';
import plugin from '../src/index.ts';
import { startCohereFakeUpstream, type CohereFakeUpstream } from './fake-cohere-upstream.ts';

export {
  collectStream as collect,
  expectProviderError as expectError,
  streamedText,
  testCallOptions as call,
} from '@conduit/plugin-api/conformance';

export type ClientHarness = PluginHarness<CohereFakeUpstream>;

export function startClientHarness(): Promise<ClientHarness> {
  return startPluginHarness(plugin, () => startCohereFakeUpstream());
}

export const model = 'command-a-03-2025';

export function chat(fields: Partial<ChatCompletionRequest> & Pick<ChatCompletionRequest, 'messages'>): ChatCompletionRequest {
  return { ...fields, model };
}
