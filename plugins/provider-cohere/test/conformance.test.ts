/** The conformance kit against the plugin and its fake Cohere upstream. */
import { runConformance } from '@conduit/plugin-api/conformance';
import plugin from '../src/index.ts';
import { startCohereFakeUpstream } from './fake-cohere-upstream.ts';

runConformance({
  plugin,
  model: 'command-a-vision-07-2025',
  embeddingModel: 'embed-v4.0',
  startFake: () => startCohereFakeUpstream(),
  skip: [
    // Cohere's tool_choice is only REQUIRED or NONE. The plugin forces a named function by offering
    // only that tool with REQUIRED (see map-chat-request.test.ts), which on the wire is
    // indistinguishable from `required` with one tool.
    'tools: tool_choice naming a function',
  ],
});
