/**
 * OpenAI-shaped Realtime `error` server events, and the ProviderErrors translators refuse client
 * events with. The gateway answers a refused client event with `realtimeErrorEvent(error, event)`;
 * a translator sends one itself (through `events.send`) for a provider message it cannot read.
 */
import { ProviderError, type ProviderErrorCode } from '../provider-error.ts';
import type { RealtimeClientEvent, RealtimeServerEvent } from '../realtime-translator-plugin.ts';

let counter = 0;

/** A server event id, unique in the process (`event_conduit_…`). */
export function realtimeEventId(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `event_conduit_${Date.now().toString(36)}${counter.toString(36)}`;
}

const errorTypes: Partial<Record<ProviderErrorCode, string>> = {
  authentication: 'invalid_request_error',
  permission: 'invalid_request_error',
  bad_request: 'invalid_request_error',
  unsupported: 'invalid_request_error',
  not_found: 'invalid_request_error',
  rate_limit: 'rate_limit_error',
};

/**
 * An OpenAI Realtime `error` event: `error.event_id` names the client event that caused it, as
 * OpenAI's does. The code is the ProviderError's (`unsupported_event` for `unsupported`).
 */
export function realtimeErrorEvent(
  error: Pick<ProviderError, 'code' | 'message'> & { param?: string },
  cause?: Pick<RealtimeClientEvent, 'event_id'>,
): RealtimeServerEvent {
  return {
    type: 'error',
    event_id: realtimeEventId(),
    error: {
      type: errorTypes[error.code] ?? 'server_error',
      code: error.code === 'unsupported' ? 'unsupported_event' : error.code,
      message: error.message,
      param: error.param ?? null,
      event_id: cause?.event_id ?? null,
    },
  };
}

/** The refusal of a client event the provider cannot honour, naming its type. */
export function unsupportedClientEvent(event: Pick<RealtimeClientEvent, 'type'>, provider: string, why?: string): ProviderError {
  return new ProviderError({
    code: 'unsupported',
    retryable: false,
    param: 'type',
    message: `${provider} cannot honour the client event '${String(event.type)}'${why ? `: ${why}` : ''}`,
  });
}

/** The refusal of a client event whose fields are wrong (say, audio that is not base64). */
export function invalidClientEvent(event: Pick<RealtimeClientEvent, 'type'>, param: string, why: string): ProviderError {
  return new ProviderError({ code: 'bad_request', retryable: false, param, message: `Invalid '${String(event.type)}' event: ${why}` });
}

/** The error event a translator sends when a provider message cannot be read (the session goes on). */
export function malformedUpstreamEvent(provider: string, why: string): RealtimeServerEvent {
  return realtimeErrorEvent({ code: 'invalid_response', message: `${provider} sent a message Conduit could not read: ${why}` });
}

/** Default bound on bytes waiting to be written to a provider before client events are refused. */
export const defaultMaxUpstreamBufferedBytes = 4 * 1024 * 1024;

/**
 * Refuses a client event while the provider is not reading fast enough (more than `maxBytes`
 * waiting in the upstream socket), so a slow provider cannot grow the gateway's memory.
 */
export function assertUpstreamKeepsUp(socket: { readonly bufferedAmount: number }, provider: string, maxBytes = defaultMaxUpstreamBufferedBytes): void {
  if (socket.bufferedAmount > maxBytes) {
    throw new ProviderError({
      code: 'overloaded',
      phase: 'mid-stream',
      message: `${provider} is not reading the session's events fast enough (over ${maxBytes} bytes waiting)`,
    });
  }
}
