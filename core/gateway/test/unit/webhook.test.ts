import { createHmac } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { webhookBackoffMs } from '../../src/engine/notifications/webhook-backoff.ts';
import { signWebhook, verifyWebhook } from '../../src/engine/notifications/webhook-signature.ts';

test('a delivery is signed with HMAC-SHA256 of "<timestamp>.<body>"', () => {
  const body = '{"id":"n1","type":"KEY_DISABLED"}';
  const expected = createHmac('sha256', 'shared-secret-0123456789').update(`1700000000.${body}`).digest('hex');
  assert.is(signWebhook('shared-secret-0123456789', 1700000000, body), `sha256=${expected}`);
  assert.ok(verifyWebhook('shared-secret-0123456789', 1700000000, body, `sha256=${expected}`));
  assert.not.ok(verifyWebhook('shared-secret-0123456789', 1700000001, body, `sha256=${expected}`), 'another timestamp');
  assert.not.ok(verifyWebhook('another-secret-0123456789', 1700000000, body, `sha256=${expected}`));
  assert.not.ok(verifyWebhook('shared-secret-0123456789', 1700000000, `${body} `, `sha256=${expected}`));
});

test('retries back off by doubling, with jitter of ±20%, at most an hour', () => {
  assert.is(webhookBackoffMs(1, 1000, () => 0.5), 1000);
  assert.is(webhookBackoffMs(2, 1000, () => 0.5), 2000);
  assert.is(webhookBackoffMs(4, 1000, () => 0.5), 8000);
  assert.is(webhookBackoffMs(3, 1000, () => 0), 3200);
  assert.is(webhookBackoffMs(3, 1000, () => 1), 4800);
  assert.is(webhookBackoffMs(30, 1000, () => 0.5), 3_600_000);
});

test.run();
