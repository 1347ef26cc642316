/**
 * The set-up of a plugin's client tests: a fresh fake upstream, a real HTTP client, and clients of
 * the plugin pointed at the fake (see createPluginClient).
 */
import { createHttpClient, type HttpClient, type HttpClientOptions } from '../../http-client.ts';
import type { ProviderClient, ProviderPlugin } from '../../provider-plugin.ts';
import type { ConformanceFakeUpstream } from '../fake-upstream.ts';
import { createPluginClient, type PluginClientSettings } from './create-plugin-client.ts';

export interface PluginHarness<Fake extends Pick<ConformanceFakeUpstream, 'provider' | 'close'>> {
  fake: Fake;
  /** The HTTP client every client of the harness calls through. */
  http: HttpClient;
  /** A client with the fake's credentials and options. */
  client: ProviderClient;
  /** Another client of the same plugin and fake, with other credentials or options. */
  clientWith(settings: Pick<PluginClientSettings, 'credentials' | 'options'>): ProviderClient;
  /** Closes the fake first, which ends any request it still holds, then the HTTP client. */
  close(): Promise<void>;
}

export interface PluginHarnessOptions<PluginOptions> extends Omit<PluginClientSettings<PluginOptions>, 'http' | 'credentials' | 'options'> {
  /** Options of the HTTP client the harness creates. */
  httpOptions?: HttpClientOptions;
}

export async function startPluginHarness<Fake extends Pick<ConformanceFakeUpstream, 'provider' | 'close'>, PluginOptions>(
  plugin: ProviderPlugin<PluginOptions>,
  startFake: () => Promise<Fake>,
  options: PluginHarnessOptions<PluginOptions> = {},
): Promise<PluginHarness<Fake>> {
  const { httpOptions, ...settings } = options;
  const fake = await startFake();
  const http = createHttpClient(httpOptions);
  const clientWith = (overrides: Pick<PluginClientSettings, 'credentials' | 'options'>): ProviderClient =>
    createPluginClient(plugin, fake, { ...settings, ...overrides, http });
  return {
    fake,
    http,
    client: clientWith({}),
    clientWith,
    async close() {
      await fake.close();
      await http.close();
    },
  };
}
