/** Conduit's conformance kit, run against the plugin and the fake Anthropic API. */
import { runConformance } from '@conduit/plugin-api/conformance';
import plugin from '../src/index.ts';
import { startAnthropicFakeUpstream } from './fake-anthropic-upstream.ts';

runConformance({
  plugin,
  model: 'claude-sonnet-5-5',
  startFake: startAnthropicFakeUpstream,
});
