/**
 * Connects a realtime translator to a fake upstream the way the gateway would: a context with the
 * fake's base URL and credentials, a real HTTP client, the standard WebSocket opener, and a
 * recorder of what the session sends to the client, the usage it reports and how it closed.
 */
import { createHttpClient } from '../../http-client.ts';
import { silentLogger } from '../../logger.ts';
import type { ProviderError } from '../../provider-error.ts';
import { createWebSocketOpener } from '../../realtime/open-websocket.ts';
import type {
  RealtimeServerEvent,
  RealtimeTranslatorPlugin,
  RealtimeTranslatorSession,
  RealtimeUsage,
} from '../../realtime-translator-plugin.ts';
import type { RealtimeFakeUpstream } from './realtime-fake-upstream.ts';

/** The session's own counts in a usage report (every field but `transcription`). */
export type RealtimeUsageCounts = Omit<RealtimeUsage, 'transcription'>;

export interface RealtimeRecording {
  sent: RealtimeServerEvent[];
  /** The `json` each sent event came with (undefined when the translator left it to the gateway to serialise), by index. */
  sentJson: Array<string | undefined>;
  usage: RealtimeUsage[];
  /** Set once `events.closed` was called: `null` for a normal end, else the error. */
  closedWith: ProviderError | null | undefined;
  /** The sum of every usage report's counts (transcription usage apart: see `usage`). */
  totalUsage(): Required<RealtimeUsageCounts>;
  /** The events of one type. */
  ofType(type: string): RealtimeServerEvent[];
}

export interface RealtimeHarness {
  session: RealtimeTranslatorSession;
  recording: RealtimeRecording;
  abort: AbortController;
  close(): Promise<void>;
}

export interface RealtimeConnectSettings {
  model: string;
  session?: Record<string, unknown>;
  credentials?: Record<string, string>;
  options?: Record<string, unknown>;
}

export function createRealtimeRecording(): RealtimeRecording {
  const recording: RealtimeRecording = {
    sent: [],
    sentJson: [],
    usage: [],
    closedWith: undefined,
    totalUsage() {
      const total: Required<RealtimeUsageCounts> = {
        billedSeconds: 0,
        inputAudioSeconds: 0,
        outputAudioSeconds: 0,
        inputTextTokens: 0,
        inputAudioTokens: 0,
        cachedInputTokens: 0,
        outputTextTokens: 0,
        outputAudioTokens: 0,
      };
      for (const report of recording.usage) {
        for (const key of Object.keys(total) as Array<keyof RealtimeUsageCounts>) total[key] += report[key] ?? 0;
      }
      return total;
    },
    ofType: (type) => recording.sent.filter((event) => event.type === type),
  };
  return recording;
}

export async function connectRealtime(
  plugin: RealtimeTranslatorPlugin<unknown>,
  fake: Pick<RealtimeFakeUpstream, 'provider'>,
  settings: RealtimeConnectSettings,
): Promise<RealtimeHarness> {
  const http = createHttpClient();
  const client = plugin.create({
    provider: { id: 'test-provider', name: plugin.name, type: plugin.name },
    baseUrl: fake.provider.baseUrl.replace(/\/+$/, ''),
    credentials: settings.credentials ?? fake.provider.credentials,
    options: settings.options ?? fake.provider.options,
    pluginOptions: plugin.parseOptions ? plugin.parseOptions({}) : {},
    http,
    logger: silentLogger,
    openWebSocket: createWebSocketOpener(),
  });
  const recording = createRealtimeRecording();
  const abort = new AbortController();
  try {
    const session = await client.connect(
      { model: settings.model, session: settings.session ?? {} },
      {
        send: (event, json) => {
          recording.sent.push(event);
          recording.sentJson.push(json);
        },
        usage: (usage) => recording.usage.push(usage),
        closed: (error) => {
          recording.closedWith = error ?? null;
        },
      },
      { signal: abort.signal, requestId: 'test-realtime' },
    );
    return {
      session,
      recording,
      abort,
      async close() {
        await session.close();
        await client.close?.();
        await http.close();
      },
    };
  } catch (error) {
    await http.close();
    throw error;
  }
}
