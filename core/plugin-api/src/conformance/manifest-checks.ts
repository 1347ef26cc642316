/** The plugin object itself: what the gateway's registry will validate when it loads the package. */
import * as assert from 'uvu/assert';
import { capabilityNames } from '../capabilities.ts';
import { PLUGIN_API_VERSION } from '../plugin-base.ts';
import type { ProviderPlugin } from '../provider-plugin.ts';
import type { ConformanceCheck } from './conformance-check.ts';

export function manifestChecks(plugin: ProviderPlugin<never>): ConformanceCheck[] {
  return [
    {
      name: 'plugin: a valid provider manifest',
      requires: [],
      async run() {
        assert.is(plugin.kind, 'provider', "kind is 'provider'");
        assert.is(plugin.apiVersion, PLUGIN_API_VERSION, `apiVersion is ${PLUGIN_API_VERSION}`);
        assert.match(plugin.name, /^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'name is lowercase letters, digits and dashes');
        assert.match(plugin.version, /^\d+\.\d+\.\d+(?:[-+].+)?$/, 'version is semver');
        assert.type(plugin.create, 'function', 'create is a function');
        for (const name of capabilityNames) {
          assert.type(plugin.capabilities?.[name], 'boolean', `capabilities.${name} is a boolean`);
        }
        if (plugin.defaultBaseUrl !== undefined) {
          assert.ok(!plugin.defaultBaseUrl.endsWith('/'), 'defaultBaseUrl does not end with a slash');
          assert.ok(URL.canParse(plugin.defaultBaseUrl), 'defaultBaseUrl is a URL');
        }
      },
    },
  ];
}
