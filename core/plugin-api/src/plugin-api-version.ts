/**
 * The compatibility policy in code: which plugin API versions a gateway built on this package loads,
 * and since which version each kind exists. Shared by the gateway's registry and the conformance kit.
 */
import { OLDEST_PLUGIN_API_VERSION, PLUGIN_API_VERSION, type PluginKind } from './plugin-base.ts';

/** The plugin API version that introduced each kind. */
export const kindSince: Readonly<Record<PluginKind, number>> = {
  provider: 1,
  'routing-strategy': 1,
  audio: 2,
  'realtime-translator': 2,
};

/**
 * Why a plugin declaring `apiVersion` (of `kind`, when known) cannot be loaded by this version of
 * the API, or undefined when it can.
 */
export function apiVersionProblem(apiVersion: unknown, kind?: PluginKind): string | undefined {
  if (typeof apiVersion !== 'number' || !Number.isInteger(apiVersion) || apiVersion < 1) {
    return `apiVersion must be a whole number from ${OLDEST_PLUGIN_API_VERSION} to ${PLUGIN_API_VERSION} (got ${JSON.stringify(apiVersion)})`;
  }
  if (apiVersion > PLUGIN_API_VERSION) {
    return `apiVersion ${apiVersion} is newer than this gateway's plugin API (version ${PLUGIN_API_VERSION}): upgrade the gateway, or use a release of the plugin built for plugin API ${PLUGIN_API_VERSION}`;
  }
  if (apiVersion < OLDEST_PLUGIN_API_VERSION) {
    return `apiVersion ${apiVersion} is older than this gateway supports (plugin API ${OLDEST_PLUGIN_API_VERSION} to ${PLUGIN_API_VERSION}): use a newer release of the plugin`;
  }
  if (kind !== undefined && apiVersion < kindSince[kind]) {
    return `kind '${kind}' exists since plugin API version ${kindSince[kind]}, but the plugin declares apiVersion ${apiVersion}`;
  }
  return undefined;
}
