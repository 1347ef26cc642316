import type { ProviderPlugin } from '../provider-plugin.ts';
import type { ConformanceFakeUpstream } from './fake-upstream.ts';

export interface ConformanceOptions<PluginOptions = Record<string, unknown>> {
  /** The plugin under test (one object, not the array a package may default-export). */
  plugin: ProviderPlugin<PluginOptions>;
  /** The provider's model name the chat checks use. Its capabilities decide which checks run. */
  model: string;
  /** Starts a fresh fake upstream; the kit starts one per check and closes it afterwards. */
  startFake: () => Promise<ConformanceFakeUpstream>;
  /** The model the embeddings checks use; without it they are skipped. */
  embeddingModel?: string;
  /** The model the moderations checks use; without it they are skipped. */
  moderationModel?: string;
  /** The plugin's `plugins.json` options; passed through `plugin.parseOptions` when it has one. */
  pluginOptions?: unknown;
  /**
   * Names of checks to skip (exact names as printed), for what the provider's wire format cannot
   * express. Each is reported as skipped, with the reason.
   */
  skip?: string[];
  /** Per-check time limit; default 10 s. */
  timeoutMs?: number;
}
