/** Shared set-up of the client tests: the fake Mistral, a real HTTP client, and small helpers. */
import type { ChatCompletionRequest } from '@conduit/plugin-api';
import { startPluginHarness, type PluginHarness } from '@conduit/plugin-api/conformance';
import plugin from '../src/index.ts';
import { startMistralFakeUpstream, type MistralFakeUpstream } from './fake-mistral-upstream.ts';

export {
  collectStream as collect,
  expectProviderError as expectError,
  streamedText,
  testCallOptions as call,
} from '@conduit/plugin-api/conformance';

export type ClientHarness = PluginHarness<MistralFakeUpstream>;

export function startClientHarness(): Promise<ClientHarness> {
  return startPluginHarness(plugin, () => startMistralFakeUpstream());
}

export const model = 'mistral-small-latest';

export function chat(fields: Partial<ChatCompletionRequest> & Pick<ChatCompletionRequest, 'messages'>): ChatCompletionRequest {
  return { ...fields, model };
}
