/** The plugin object itself: what the gateway's registry will validate when it loads the package. */
import * as assert from 'uvu/assert';
import { capabilityNames } from '../capabilities.ts';
import { apiVersionProblem } from '../plugin-api-version.ts';
import type { ProviderPlugin } from '../provider-plugin.ts';
import type { ConformanceCheck } from './conformance-check.ts';

export function manifestChecks(plugin: ProviderPlugin<never>): ConformanceCheck[] {
  return [
    {
      name: 'plugin: a valid provider manifest',
      requires: [],
      async run() {
        assert.is(plugin.kind, 'provider', "kind is 'provider'");
        assert.is(apiVersionProblem(plugin.apiVersion, 'provider'), undefined, 'apiVersion is one this plugin API loads');
        assert.match(plugin.name, /^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'name is lowercase letters, digits and dashes');
        assert.match(plugin.version, /^\d+\.\d+\.\d+(?:[-+].+)?$/, 'version is semver');
        assert.type(plugin.create, 'function', 'create is a function');
        assert.type(plugin.capabilities, 'object', 'capabilities is an object');
        assert.ok(plugin.capabilities !== null, 'capabilities is an object');
        for (const name of capabilityNames) {
          const flag = plugin.capabilities[name];
          assert.ok(flag === undefined || typeof flag === 'boolean', `capabilities.${name} is a boolean or absent`);
        }
        if (plugin.defaultBaseUrl !== undefined) {
          assert.ok(!plugin.defaultBaseUrl.endsWith('/'), 'defaultBaseUrl does not end with a slash');
          assert.ok(URL.canParse(plugin.defaultBaseUrl), 'defaultBaseUrl is a URL');
        }
      },
    },
  ];
}
