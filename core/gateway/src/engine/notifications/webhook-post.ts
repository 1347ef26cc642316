/**
 * One signed POST of a webhook payload, as every delivery and the admin's "Send test" make it: JSON
 * body, `x-conduit-event`, `x-conduit-delivery`, `x-conduit-timestamp` and (with a secret)
 * `x-conduit-signature`, a timeout, no redirects followed. Never throws: the outcome says what happened.
 */
import { signWebhook } from './webhook-signature.ts';

export interface WebhookPayload {
  id: string;
  type: string;
  severity: string;
  message: string;
  virtualKeyId: string | null;
  keyGroupId: string | null;
  data: Record<string, unknown>;
  createdAt: string;
  attempt: number;
}

export interface WebhookOutcome {
  /** A 2xx answer. */
  ok: boolean;
  /** The receiver's HTTP status; null when none came (unreachable, timed out). */
  statusCode: number | null;
  latencyMs: number;
  /** Why it failed (`HTTP 503`, `timed out after 10000 ms`, `connection refused`…); null when ok. */
  error: string | null;
  /** The receiver's Retry-After, in ms, when it sent one with a failure. */
  retryAfterMs: number;
}

export async function postWebhook(target: { url: string; secret: string | null; timeoutMs: number }, payload: WebhookPayload): Promise<WebhookOutcome> {
  const body = JSON.stringify(payload);
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  const latency = (): number => Math.round(performance.now() - started);
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Conduit-Webhook/1',
        'x-conduit-event': payload.type,
        'x-conduit-delivery': payload.id,
        'x-conduit-timestamp': String(timestamp),
        ...(target.secret ? { 'x-conduit-signature': signWebhook(target.secret, timestamp, body) } : {}),
      },
      body,
      signal: AbortSignal.timeout(target.timeoutMs),
      redirect: 'manual',
    });
    await response.body?.cancel();
    const latencyMs = latency();
    if (response.status >= 200 && response.status < 300) return { ok: true, statusCode: response.status, latencyMs, error: null, retryAfterMs: 0 };
    const retryAfter = Number(response.headers.get('retry-after'));
    const retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 3600) * 1000 : 0;
    return { ok: false, statusCode: response.status, latencyMs, error: `HTTP ${response.status}`, retryAfterMs };
  } catch (error) {
    return { ok: false, statusCode: null, latencyMs: latency(), error: describeFailure(error, target.timeoutMs), retryAfterMs: 0 };
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found',
    ECONNRESET: 'connection reset',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
  };
  if (cause?.code && known[cause.code]) return `${known[cause.code]} (${cause.code})`;
  if (cause?.message) return cause.message;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
