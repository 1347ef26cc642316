import type { CapabilityName } from '../capabilities.ts';
import type { ChatCompletionRequest, ChatMessage } from '../openai/index.ts';
import type { CallOptions, ProviderClient } from '../provider-plugin.ts';
import type { ConformanceFakeUpstream } from './fake-upstream.ts';

/** What one check runs against: a fresh fake and a client of the plugin pointed at it. */
export interface ConformanceScenario {
  client: ProviderClient;
  fake: ConformanceFakeUpstream;
  /** The model under test (or the embedding or moderation model, for those checks). */
  model: string;
  /** The provider record's secrets, so checks can make sure no error message leaks them. */
  credentials: Readonly<Record<string, string>>;
  /** Fresh call options; pass `signal` to abort. */
  call(signal?: AbortSignal): CallOptions;
  /** A chat request for the model under test (`model` is set to it). */
  chatRequest(fields: Partial<ChatCompletionRequest> & { messages: ChatMessage[] }): ChatCompletionRequest;
}

export interface ConformanceCheck {
  /** Unique, stable, printed; what `options.skip` matches. */
  name: string;
  /** Capabilities the model must declare for the check to run. */
  requires: CapabilityName[];
  /**
   * Which model the check runs against; embedding checks need `options.embeddingModel`, moderation
   * checks `options.moderationModel`.
   */
  model?: 'chat' | 'embedding' | 'moderation';
  run(scenario: ConformanceScenario): Promise<void>;
}

export interface ConformanceGroup {
  title: string;
  checks: ConformanceCheck[];
}
