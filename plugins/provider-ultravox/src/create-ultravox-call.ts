/**
 * Creates the Ultravox call behind a session: `POST {base}/calls` with `X-API-Key`, a server
 * WebSocket medium at 24 kHz both ways (the Realtime protocol's PCM rate, so audio needs no
 * resampling), the instructions as `systemPrompt`, the voice, and the client's function tools as
 * client tools. Answers 201 with the call, whose `joinUrl` the session then connects to.
 */
import { mapHttpError, ProviderError, readErrorBody, type CallOptions, type RealtimeTranslatorContext } from '@conduit/plugin-api';
import { ultravoxClientTools } from './ultravox-tools.ts';

export const ultravoxSampleRate = 24000;

export interface UltravoxCall {
  callId: string;
  joinUrl: string;
}

export async function createUltravoxCall(
  context: Pick<RealtimeTranslatorContext, 'baseUrl' | 'credentials' | 'options' | 'http'>,
  model: string,
  session: Readonly<Record<string, unknown>>,
  call: CallOptions,
): Promise<UltravoxCall> {
  const options = context.options as { voice?: string; maxDuration?: string };
  const audio = session.audio as { output?: { voice?: unknown } } | undefined;
  const voice = typeof audio?.output?.voice === 'string' ? audio.output.voice : options.voice;
  const textOnly = Array.isArray(session.output_modalities) && session.output_modalities.length === 1 && session.output_modalities[0] === 'text';
  const body: Record<string, unknown> = {
    systemPrompt: typeof session.instructions === 'string' ? session.instructions : undefined,
    model: model || undefined,
    voice,
    maxDuration: options.maxDuration,
    medium: { serverWebSocket: { inputSampleRate: ultravoxSampleRate, outputSampleRate: ultravoxSampleRate, clientBufferSizeMs: 30000 } },
    selectedTools: ultravoxClientTools(session.tools),
    initialOutputMedium: textOnly ? 'MESSAGE_MEDIUM_TEXT' : undefined,
  };
  const response = await context.http.request({
    method: 'POST',
    url: `${context.baseUrl}/calls`,
    headers: { 'content-type': 'application/json', 'x-api-key': context.credentials.apiKey ?? '' },
    body: JSON.stringify(body),
    signal: call.signal,
    timeouts: call.timeouts,
  });
  const text = await response.text();
  if (response.status !== 201 && response.status !== 200) {
    throw mapHttpError({ status: response.status, headers: response.headers, ...readErrorBody(text), providerLabel: 'Ultravox' });
  }
  let created: { callId?: unknown; joinUrl?: unknown } | undefined;
  try {
    created = JSON.parse(text) as typeof created;
  } catch {
    created = undefined;
  }
  if (typeof created?.joinUrl !== 'string' || !/^wss?:\/\//.test(created.joinUrl)) {
    throw new ProviderError({ code: 'invalid_response', status: response.status, message: 'Ultravox created a call without a WebSocket joinUrl' });
  }
  const joinUrl = new URL(created.joinUrl);
  joinUrl.searchParams.set('apiVersion', '1');
  return { callId: typeof created.callId === 'string' ? created.callId : '', joinUrl: joinUrl.toString() };
}
