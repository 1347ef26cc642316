/**
 * The signed URL of a private agent's conversation: `GET {base}/v1/convai/conversation/get-signed-url?agent_id=…`
 * with `xi-api-key`, answering `{signed_url}` (valid 15 minutes). The agent id is the deployment's
 * provider model.
 */
import { mapHttpError, ProviderError, readErrorBody, type CallOptions, type ProviderErrorCode, type RealtimeTranslatorContext } from '@conduit/plugin-api';

/** ElevenLabs' `detail.status` codes whose meaning the HTTP status alone gets wrong or leaves open. */
const statusCodes: Readonly<Record<string, ProviderErrorCode>> = {
  invalid_api_key: 'authentication',
  too_many_concurrent_requests: 'rate_limit',
  system_busy: 'overloaded',
};

export async function elevenLabsSignedUrl(
  context: Pick<RealtimeTranslatorContext, 'baseUrl' | 'credentials' | 'http'>,
  agentId: string,
  call: CallOptions,
): Promise<string> {
  if (!agentId) throw new ProviderError({ code: 'bad_request', retryable: false, message: 'ElevenLabs Agents needs the agent id as the deployment model' });
  const response = await context.http.request({
    method: 'GET',
    url: `${context.baseUrl}/v1/convai/conversation/get-signed-url?agent_id=${encodeURIComponent(agentId)}`,
    headers: { 'xi-api-key': context.credentials.apiKey ?? '' },
    signal: call.signal,
    timeouts: call.timeouts,
  });
  const text = await response.text();
  if (response.status !== 200) {
    const details = readErrorBody(text);
    // ElevenLabs puts errors in `detail`, sometimes as `{status, message}`.
    let message = details.message;
    let providerCode: string | undefined;
    try {
      const detail = (JSON.parse(text) as { detail?: { message?: unknown; status?: unknown } }).detail;
      if (detail && typeof detail === 'object' && typeof detail.message === 'string') message = detail.message;
      if (detail && typeof detail === 'object' && typeof detail.status === 'string') providerCode = detail.status;
    } catch {
      // not JSON
    }
    if (providerCode === 'quota_exceeded') {
      // A 401, but not a bad key: nothing works again until the quota resets.
      throw new ProviderError({ code: 'rate_limit', status: response.status, retryable: false, providerCode, message: `The ElevenLabs quota is exhausted${message ? `: ${message}` : ''}` });
    }
    throw mapHttpError({
      status: response.status,
      headers: response.headers,
      message,
      providerCode,
      code: providerCode ? statusCodes[providerCode] : undefined,
      providerLabel: 'ElevenLabs',
    });
  }
  let signed: unknown;
  try {
    signed = (JSON.parse(text) as { signed_url?: unknown }).signed_url;
  } catch {
    signed = undefined;
  }
  if (typeof signed !== 'string' || !/^wss?:\/\//.test(signed)) {
    throw new ProviderError({ code: 'invalid_response', status: response.status, message: 'ElevenLabs answered without a WebSocket signed_url' });
  }
  return signed;
}
