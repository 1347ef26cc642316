/** The plugin API's conformance kit against the fake Bedrock runtime. */
import { runConformance } from '@conduit/plugin-api/conformance';
import plugin from '../src/index.ts';
import { startBedrockFakeUpstream } from './fake-bedrock-upstream.ts';

runConformance({
  plugin,
  // Claude Sonnet 4.5 declares vision and JSON schema output, so those checks run too.
  model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  startFake: startBedrockFakeUpstream,
  // Converse carries image bytes only (no URL member); by design the plugin refuses http(s) image
  // URLs with `unsupported` instead of downloading them (see map-image.ts).
  skip: ['vision: http URL image'],
});
