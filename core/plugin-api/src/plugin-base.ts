/** What every plugin declares, whatever its kind. */
export const PLUGIN_API_VERSION = 1;

export type PluginKind = 'provider' | 'routing-strategy' | 'audio' | 'realtime-translator';

export interface PluginBase<PluginOptions = Record<string, unknown>> {
  /** The plugin API version the plugin was written against; the registry refuses others. */
  apiVersion: typeof PLUGIN_API_VERSION;
  kind: PluginKind;
  /** Unique within its kind; lowercase letters, digits and dashes. */
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
