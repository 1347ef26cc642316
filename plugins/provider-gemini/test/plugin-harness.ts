/**
 * Shared set-up of the client tests: the plugin, created through its definePlugin object with a
 * context built from `createHttpClient()`, pointed at a fresh fake Gemini upstream.
 */
import type { ChatCompletionChunk, ChatCompletionRequest } from '@conduit/plugin-api';
import { startPluginHarness, type PluginHarness as ConformancePluginHarness } from '@conduit/plugin-api/conformance';
import plugin from '../src/index.ts';
import { startGeminiFakeUpstream, type GeminiFakeUpstream } from './fake-gemini-upstream.ts';

export {
  collectStream as collect,
  expectProviderError as providerError,
  streamedText,
  testCallOptions as call,
} from '@conduit/plugin-api/conformance';

export type PluginHarness = ConformancePluginHarness<GeminiFakeUpstream>;

export function startHarness(): Promise<PluginHarness> {
  return startPluginHarness(plugin, () => startGeminiFakeUpstream());
}

export const chat = (fields: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest => ({
  model: 'gemini-2.5-flash',
  messages: [{ role: 'user', content: 'Hello' }],
  ...fields,
});

export const finishReasons = (chunks: ChatCompletionChunk[]): string[] =>
  chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason)).filter((reason): reason is NonNullable<typeof reason> => reason !== null);
