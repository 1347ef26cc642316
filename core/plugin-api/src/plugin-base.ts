/** What every plugin declares, whatever its kind. */
import type { JsonSchema } from './json-schema.ts';

/**
 * The plugin API version this package defines. It grows by one whenever the contract gains
 * something a plugin may use (a capability, an optional method, a kind); a gateway loads every
 * plugin from `OLDEST_PLUGIN_API_VERSION` up to its own version, and refuses newer ones. See the
 * README's "Versioning".
 */
export const PLUGIN_API_VERSION = 2;

/** The oldest plugin API version a gateway built on this package still loads. */
export const OLDEST_PLUGIN_API_VERSION = 1;

export type PluginKind = 'provider' | 'routing-strategy' | 'audio' | 'realtime-translator';

export interface PluginBase<PluginOptions = Record<string, unknown>> {
  /**
   * The plugin API version the plugin was written against (`PLUGIN_API_VERSION` of the package it
   * was built with). A gateway loads it when it lies between its `OLDEST_PLUGIN_API_VERSION` and
   * its `PLUGIN_API_VERSION`.
   */
  apiVersion: number;
  kind: PluginKind;
  /**
   * Lowercase letters, digits and dashes. Unique within its kind: plugins of different kinds may
   * share a name, and then serve the same configured providers (see `ProviderAccountFields`).
   */
  name: string;
  /** The plugin's own version (semver). */
  version: string;
  description?: string;
  /**
   * Validates and normalises the `options` given in `plugins.json`; throw an Error whose message
   * says what is wrong. Absent: options are passed through as given.
   */
  parseOptions?(raw: unknown): PluginOptions;
}

/**
 * What a plugin that talks to a provider account (kinds `provider`, `audio`, `realtime-translator`)
 * says about that account. Admins configure one Provider record per account, with a `type` equal
 * to the plugins' name; the record serves every kind its type has. Plugins of several kinds sharing
 * a name should declare the same fields here; the gateway reads them from the `provider` plugin
 * first, then `audio`, then `realtime-translator`.
 */
export interface ProviderAccountFields {
  /** Shown in the admin UI, e.g. `Anthropic`. */
  displayName?: string;
  /** Used when a provider record has no base URL. Follows the provider's official SDK convention. */
  defaultBaseUrl?: string;
  /**
   * The secret fields (`apiKey`, AWS keys…), as a JSON Schema object; drives the admin form. The
   * gateway validates a provider's credentials against it when the provider is saved (say `required:
   * ['apiKey']` when calls cannot work without one). Absent: the provider takes one optional `apiKey`.
   */
  credentialsSchema?: JsonSchema;
  /**
   * Non-secret per-provider settings (e.g. `apiVersion`, `region`), as a JSON Schema object; the
   * gateway validates a provider's options against it when the provider is saved.
   */
  optionsSchema?: JsonSchema;
}
