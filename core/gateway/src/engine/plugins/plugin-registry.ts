/**
 * Loads every plugin listed in plugins.json, validates it, and indexes it by (kind, name). Plugins
 * of different kinds may share a name (a package's chat provider and audio plugin both named
 * `openai`): a configured Provider of that type then serves every kind the name has. Any problem
 * stops the start with a message naming the module, the plugin and what is wrong.
 */
import { pathToFileURL } from 'node:url';
import type {
  AudioPlugin,
  PluginKind,
  ProviderAccountFields,
  ProviderPlugin,
  RealtimeTranslatorPlugin,
  RoutingStrategyPlugin,
} from '@conduit/plugin-api';
import { readPluginsFile } from './plugins-file.ts';
import { resolvePluginModule } from './resolve-plugin-module.ts';
import { pluginKinds, validatePlugin } from './validate-plugin.ts';

export interface PluginsByKind {
  provider: ProviderPlugin<unknown>;
  'routing-strategy': RoutingStrategyPlugin<unknown>;
  audio: AudioPlugin<unknown>;
  'realtime-translator': RealtimeTranslatorPlugin<unknown>;
}

export type AnyPlugin = PluginsByKind[PluginKind];

/** The kinds that reach a provider account, in the order their account fields are read. */
export const accountKinds = ['provider', 'audio', 'realtime-translator'] as const satisfies readonly PluginKind[];

export interface LoadedPlugin<P extends AnyPlugin = AnyPlugin> {
  plugin: P;
  /** The module as written in plugins.json. */
  module: string;
  /** The plugin's options, after its own parseOptions. */
  options: unknown;
}

type KindIndex = { [K in PluginKind]: Map<string, LoadedPlugin<PluginsByKind[K]>> };

export interface PluginRegistry {
  providers: ReadonlyMap<string, LoadedPlugin<ProviderPlugin<unknown>>>;
  routingStrategies: ReadonlyMap<string, LoadedPlugin<RoutingStrategyPlugin<unknown>>>;
  audio: ReadonlyMap<string, LoadedPlugin<AudioPlugin<unknown>>>;
  realtimeTranslators: ReadonlyMap<string, LoadedPlugin<RealtimeTranslatorPlugin<unknown>>>;
  /** The plugin of one kind with that name. */
  get<K extends PluginKind>(kind: K, name: string): LoadedPlugin<PluginsByKind[K]> | undefined;
  /** The kinds a name has, among the account kinds (what a Provider of that type serves). */
  kindsOf(typeName: string): PluginKind[];
  /** The plugins a Provider of that type uses, one per kind it has. */
  pluginsFor(typeName: string): Array<LoadedPlugin<PluginsByKind[(typeof accountKinds)[number]]>>;
  /** The names a Provider's `type` may take: every name with a plugin of an account kind. */
  providerTypes(): string[];
  /** The account fields (base URL, schemas) of a type, from its first plugin in `accountKinds` order. */
  accountOf(typeName: string): ProviderAccountFields | undefined;
  /** Every plugin, in plugins.json order. */
  all(): LoadedPlugin[];
}

export class PluginLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PluginLoadError';
  }
}

export async function loadPluginRegistry(pluginsFile: string): Promise<PluginRegistry> {
  const entries = await readPluginsFile(pluginsFile);
  const index = Object.fromEntries(pluginKinds.map((kind) => [kind, new Map()])) as KindIndex;
  const ordered: LoadedPlugin[] = [];

  for (const entry of entries) {
    const fail = (problem: string): never => {
      throw new PluginLoadError(`Plugin module '${entry.module}' (${pluginsFile}): ${problem}`);
    };
    let exported: unknown;
    try {
      const file = resolvePluginModule(entry.module, pluginsFile);
      exported = ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
    } catch (error) {
      if (error instanceof PluginLoadError) throw error;
      fail(`cannot be loaded: ${(error as Error).message}`);
    }
    if (exported === undefined) fail('has no default export');
    const plugins = Array.isArray(exported) ? exported : [exported];
    if (plugins.length === 0) fail('exports an empty list of plugins');

    for (const plugin of plugins) {
      const label = typeof (plugin as { name?: unknown })?.name === 'string' ? `'${(plugin as { name: string }).name}'` : '(unnamed)';
      const problem = validatePlugin(plugin);
      if (problem) fail(`plugin ${label} is invalid: ${problem}`);
      const typed = plugin as AnyPlugin;
      let options: unknown = entry.options ?? {};
      if (typed.parseOptions) {
        try {
          options = typed.parseOptions(options);
        } catch (error) {
          fail(`plugin ${label} rejected its options: ${(error as Error).message}`);
        }
      }
      const byName = index[typed.kind] as Map<string, LoadedPlugin>;
      const previous = byName.get(typed.name);
      if (previous) {
        fail(`plugin ${label} is a duplicate: the ${typed.kind} plugin named '${typed.name}' was already loaded from '${previous.module}' (names are unique within a kind)`);
      }
      const loaded: LoadedPlugin = { plugin: typed, module: entry.module, options };
      byName.set(typed.name, loaded);
      ordered.push(loaded);
    }
  }
  return registryOver(index, ordered);
}

function registryOver(index: KindIndex, ordered: readonly LoadedPlugin[]): PluginRegistry {
  const get = <K extends PluginKind>(kind: K, name: string) => index[kind].get(name);
  const pluginsFor: PluginRegistry['pluginsFor'] = (typeName) =>
    accountKinds.flatMap((kind) => {
      const loaded = index[kind].get(typeName);
      return loaded ? [loaded] : [];
    });
  return {
    providers: index.provider,
    routingStrategies: index['routing-strategy'],
    audio: index.audio,
    realtimeTranslators: index['realtime-translator'],
    get,
    kindsOf: (typeName) => pluginsFor(typeName).map((loaded) => loaded.plugin.kind),
    pluginsFor,
    providerTypes: () => [...new Set(accountKinds.flatMap((kind) => [...index[kind].keys()]))],
    accountOf: (typeName) => pluginsFor(typeName)[0]?.plugin,
    all: () => [...ordered],
  };
}
