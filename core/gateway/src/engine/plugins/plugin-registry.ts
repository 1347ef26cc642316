/**
 * Loads every plugin listed in plugins.json, validates it, and indexes it by kind and name. Any
 * problem stops the start with a message naming the module, the plugin and what is wrong.
 */
import { pathToFileURL } from 'node:url';
import type { ProviderPlugin, RoutingStrategyPlugin } from '@conduit/plugin-api';
import { readPluginsFile } from './plugins-file.ts';
import { resolvePluginModule } from './resolve-plugin-module.ts';
import { validatePlugin } from './validate-plugin.ts';

export interface LoadedPlugin<P> {
  plugin: P;
  /** The module as written in plugins.json. */
  module: string;
  /** The plugin's options, after its own parseOptions. */
  options: unknown;
}

export interface PluginRegistry {
  providers: ReadonlyMap<string, LoadedPlugin<ProviderPlugin<unknown>>>;
  routingStrategies: ReadonlyMap<string, LoadedPlugin<RoutingStrategyPlugin<unknown>>>;
  all(): Array<LoadedPlugin<ProviderPlugin<unknown> | RoutingStrategyPlugin<unknown>>>;
}

export class PluginLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PluginLoadError';
  }
}

export async function loadPluginRegistry(pluginsFile: string): Promise<PluginRegistry> {
  const entries = await readPluginsFile(pluginsFile);
  const providers = new Map<string, LoadedPlugin<ProviderPlugin<unknown>>>();
  const routingStrategies = new Map<string, LoadedPlugin<RoutingStrategyPlugin<unknown>>>();
  const ordered: Array<LoadedPlugin<ProviderPlugin<unknown> | RoutingStrategyPlugin<unknown>>> = [];

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
      const typed = plugin as ProviderPlugin<unknown> | RoutingStrategyPlugin<unknown>;
      let options: unknown = entry.options ?? {};
      if (typed.parseOptions) {
        try {
          options = typed.parseOptions(options);
        } catch (error) {
          fail(`plugin ${label} rejected its options: ${(error as Error).message}`);
        }
      }
      const index = (typed.kind === 'provider' ? providers : routingStrategies) as Map<string, LoadedPlugin<typeof typed>>;
      if (index.has(typed.name)) {
        fail(`plugin ${label} is a duplicate: a ${typed.kind} plugin named '${typed.name}' was already loaded from '${index.get(typed.name)?.module}'`);
      }
      const loaded: LoadedPlugin<typeof typed> = { plugin: typed, module: entry.module, options };
      index.set(typed.name, loaded);
      ordered.push(loaded);
    }
  }
  return { providers, routingStrategies, all: () => [...ordered] };
}
