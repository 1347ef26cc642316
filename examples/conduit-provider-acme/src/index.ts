/**
 * Conduit provider plugin for Acme AI. The gateway loads it from plugins.json by package name:
 *
 *   { "module": "conduit-provider-acme", "options": { "region": "eu" } }
 *
 * and admins then create providers of type `acme`.
 */
import { definePlugin, noCapabilities, type ProviderPlugin } from '@conduit/plugin-api';
import { createAcmeClient } from './acme-client.ts';
import { parseAcmePluginOptions, type AcmePluginOptions } from './acme-plugin-options.ts';

/** Kept equal to package.json's version (the end-to-end test checks it). */
export const acmePluginVersion = '1.0.0';

const plugin: ProviderPlugin<AcmePluginOptions> = definePlugin<AcmePluginOptions>({
  apiVersion: 1,
  kind: 'provider',
  name: 'acme',
  version: acmePluginVersion,
  displayName: 'Acme AI',
  description: 'Acme AI chat models (fictional; an example of a third-party plugin)',
  defaultBaseUrl: 'https://api.acme.example',
  capabilities: { ...noCapabilities, chat: true, stream: true, tools: true, vision: true, jsonObject: true, jsonSchema: true },
  modelCapabilities(model) {
    // Acme's small models read no images.
    return model.startsWith('acme-small') ? { vision: false } : undefined;
  },
  parseOptions: parseAcmePluginOptions,
  create: (context) => createAcmeClient(context),
});

export default plugin;
export type { AcmePluginOptions, AcmeRegion } from './acme-plugin-options.ts';
