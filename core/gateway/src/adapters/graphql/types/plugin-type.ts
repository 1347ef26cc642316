import { capabilitiesOf } from '@conduit/plugin-api';
import { builder } from '../builder.ts';
import type { LoadedPlugin } from '../../../engine/plugins/plugin-registry.ts';
import { AudioCapabilitiesType } from './audio-capabilities-type.ts';
import { ModelCapabilitiesType } from './model-capabilities-type.ts';

/** The account fields (base URL, schemas) of plugins that reach a provider account; routing strategies have none. */
const accountOf = (loaded: LoadedPlugin) => (loaded.plugin.kind === 'routing-strategy' ? undefined : loaded.plugin);

const PluginType = builder.objectRef<LoadedPlugin>('Plugin').implement({
  description: 'A plugin the registry loaded from plugins.json.',
  fields: (t) => ({
    name: t.string({ resolve: (loaded) => loaded.plugin.name }),
    kind: t.string({
      description: 'provider, routing-strategy, audio or realtime-translator. Plugins of different kinds may share a name.',
      resolve: (loaded) => loaded.plugin.kind,
    }),
    version: t.string({ resolve: (loaded) => loaded.plugin.version }),
    apiVersion: t.int({ description: 'The plugin API version the plugin was written against.', resolve: (loaded) => loaded.plugin.apiVersion }),
    module: t.string({ description: 'The module as listed in plugins.json.', resolve: (loaded) => loaded.module }),
    description: t.string({ nullable: true, resolve: (loaded) => loaded.plugin.description ?? null }),
    displayName: t.string({ nullable: true, resolve: (loaded) => accountOf(loaded)?.displayName ?? null }),
    defaultBaseUrl: t.string({ nullable: true, resolve: (loaded) => accountOf(loaded)?.defaultBaseUrl ?? null }),
    capabilities: t.field({
      type: ModelCapabilitiesType,
      nullable: true,
      description: 'Default capabilities of a provider plugin’s models (a flag the plugin does not declare is false).',
      resolve: (loaded) => (loaded.plugin.kind === 'provider' ? capabilitiesOf(loaded.plugin) : null),
    }),
    audioCapabilities: t.field({
      type: AudioCapabilitiesType,
      nullable: true,
      description: 'What an audio plugin’s models can do by default.',
      resolve: (loaded) => (loaded.plugin.kind === 'audio' ? loaded.plugin.capabilities : null),
    }),
    realtimeCapabilities: t.field({
      type: 'JSON',
      nullable: true,
      description: 'What sessions through a realtime translator can do, as the plugin declares it.',
      resolve: (loaded) => (loaded.plugin.kind === 'realtime-translator' ? loaded.plugin.capabilities : null),
    }),
    credentialsSchema: t.field({ type: 'JSON', nullable: true, resolve: (loaded) => accountOf(loaded)?.credentialsSchema ?? null }),
    optionsSchema: t.field({ type: 'JSON', nullable: true, resolve: (loaded) => accountOf(loaded)?.optionsSchema ?? null }),
  }),
});

builder.queryField('plugins', (t) =>
  t.field({
    type: [PluginType],
    description: 'Every plugin the registry loaded, in plugins.json order, whatever its kind.',
    resolve: (_root, _args, { services }) => services.registry.all(),
  }),
);
