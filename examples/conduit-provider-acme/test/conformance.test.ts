/**
 * The conformance kit against the Acme plugin and the fake Acme API, with the plugin options a
 * gateway would read from plugins.json. Run: node --import tsx test/conformance.test.ts
 */
import { runConformance } from '@conduit/plugin-api/conformance';
import plugin from '../src/index.ts';
import { startAcmeFakeUpstream } from './fake-acme-upstream.ts';

runConformance({
  plugin,
  model: 'acme-large',
  pluginOptions: { region: 'eu' },
  startFake: () => startAcmeFakeUpstream({ region: 'eu' }),
});
