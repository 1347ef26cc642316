/**
 * Webhook signatures: HMAC-SHA256 over `<timestamp>.<body>` with the shared secret, sent as
 * `x-conduit-signature: sha256=<hex>` with `x-conduit-timestamp: <unix seconds>`. Signing the
 * timestamp lets receivers refuse replays of old deliveries.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For receivers (and tests): whether `signature` is the one `secret` gives this timestamp and body. */
export function verifyWebhook(secret: string, timestamp: number, body: string, signature: string): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
