/** The realtime conformance kit against the `openai` realtime translator and the fake Realtime API. */
import { runRealtimeConformance } from '@conduit/plugin-api/conformance';
import { openAIRealtimeTranslator } from '../src/index.ts';
import { startOpenAIRealtimeFake } from './fake-openai-realtime.ts';

runRealtimeConformance({
  plugin: openAIRealtimeTranslator,
  model: 'gpt-realtime',
  startFake: () => startOpenAIRealtimeFake(),
  unsupportedEvents: [{ type: 'output_audio_buffer.clear', event_id: 'evt_webrtc_only' }],
});
