import type { ProviderPlugin, RoutingStrategyPlugin } from '@conduit/plugin-api';
import { builder } from '../builder.ts';
import type { LoadedPlugin } from '../../../engine/plugins/plugin-registry.ts';
import { ModelCapabilitiesType } from './model-capabilities-type.ts';

type Loaded = LoadedPlugin<ProviderPlugin<unknown> | RoutingStrategyPlugin<unknown>>;

const PluginType = builder.objectRef<Loaded>('Plugin').implement({
  description: 'A plugin the registry loaded from plugins.json.',
  fields: (t) => ({
    name: t.string({ resolve: (loaded) => loaded.plugin.name }),
    kind: t.string({ resolve: (loaded) => loaded.plugin.kind }),
    version: t.string({ resolve: (loaded) => loaded.plugin.version }),
    module: t.string({ description: 'The module as listed in plugins.json.', resolve: (loaded) => loaded.module }),
    description: t.string({ nullable: true, resolve: (loaded) => loaded.plugin.description ?? null }),
    displayName: t.string({
      nullable: true,
      resolve: (loaded) => (loaded.plugin.kind === 'provider' ? (loaded.plugin.displayName ?? null) : null),
    }),
    defaultBaseUrl: t.string({
      nullable: true,
      resolve: (loaded) => (loaded.plugin.kind === 'provider' ? (loaded.plugin.defaultBaseUrl ?? null) : null),
    }),
    capabilities: t.field({
      type: ModelCapabilitiesType,
      nullable: true,
      description: 'Default capabilities of a provider plugin’s models.',
      resolve: (loaded) => (loaded.plugin.kind === 'provider' ? loaded.plugin.capabilities : null),
    }),
    credentialsSchema: t.field({
      type: 'JSON',
      nullable: true,
      resolve: (loaded) => (loaded.plugin.kind === 'provider' ? (loaded.plugin.credentialsSchema ?? null) : null),
    }),
    optionsSchema: t.field({
      type: 'JSON',
      nullable: true,
      resolve: (loaded) => (loaded.plugin.kind === 'provider' ? (loaded.plugin.optionsSchema ?? null) : null),
    }),
  }),
});

builder.queryField('plugins', (t) =>
  t.field({
    type: [PluginType],
    description: 'Every plugin the registry loaded, in plugins.json order.',
    resolve: (_root, _args, { services }) => services.registry.all(),
  }),
);
