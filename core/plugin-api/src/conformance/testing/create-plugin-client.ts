/**
 * Creates a client of a provider plugin pointed at a fake upstream, through `plugin.create`, the way
 * the gateway creates one for a provider record: the fake's base URL, credentials and options, an
 * HTTP client the caller owns, a silent logger.
 */
import type { HttpClient } from '../../http-client.ts';
import { silentLogger, type PluginLogger } from '../../logger.ts';
import type { ProviderClient, ProviderContext, ProviderPlugin } from '../../provider-plugin.ts';
import type { ConformanceFakeUpstream } from '../fake-upstream.ts';

export interface PluginClientSettings<PluginOptions = Record<string, unknown>> {
  /** The HTTP client the plugin calls through; the caller closes it. */
  http: HttpClient;
  /** Default: the fake's credentials. */
  credentials?: Readonly<Record<string, string>>;
  /** Default: the fake's provider options. */
  options?: Readonly<Record<string, unknown>>;
  /** Parsed plugin options. Default: `plugin.parseOptions({})`, or `{}` without parseOptions. */
  pluginOptions?: PluginOptions;
  /** Default: `{ id: 'test-provider', name: plugin.name, type: plugin.name }`. */
  provider?: ProviderContext['provider'];
  /** Default: silentLogger. */
  logger?: PluginLogger;
}

export function createPluginClient<PluginOptions>(
  plugin: ProviderPlugin<PluginOptions>,
  fake: Pick<ConformanceFakeUpstream, 'provider'>,
  settings: PluginClientSettings<PluginOptions>,
): ProviderClient {
  return plugin.create({
    provider: settings.provider ?? { id: 'test-provider', name: plugin.name, type: plugin.name },
    baseUrl: fake.provider.baseUrl.replace(/\/+$/, ''),
    credentials: settings.credentials ?? fake.provider.credentials,
    options: settings.options ?? fake.provider.options,
    pluginOptions: settings.pluginOptions ?? (plugin.parseOptions ? plugin.parseOptions({}) : ({} as PluginOptions)),
    http: settings.http,
    logger: settings.logger ?? silentLogger,
  });
}
