import { builder } from '../builder.ts';
import type { WebhookSettingsView, WebhookTestResult } from '../../../services/webhook-settings-service.ts';
import { withoutNulls } from '../without-nulls.ts';
import { NotificationKindEnum } from './notification-type.ts';

const WebhookSettingsType = builder.objectRef<WebhookSettingsView>('WebhookSettings').implement({
  description:
    'Where notifications are POSTed as JSON, signed: x-conduit-signature is sha256=<hex HMAC-SHA256 of "<x-conduit-timestamp>.<body>" with the secret>.',
  fields: (t) => ({
    url: t.string({ nullable: true, resolve: (settings) => settings.url }),
    enabled: t.exposeBoolean('enabled'),
    hasSecret: t.exposeBoolean('hasSecret', { description: 'The secret is write-only.' }),
    kinds: t.field({ type: [NotificationKindEnum], description: 'Empty: every kind.', resolve: (settings) => settings.kinds }),
    maxAttempts: t.exposeInt('maxAttempts', { description: 'Attempts before a delivery is recorded as FAILED.' }),
    initialRetryDelayMs: t.exposeInt('initialRetryDelayMs', { description: 'First retry delay; doubles each retry (with jitter), at most an hour.' }),
    timeoutMs: t.exposeInt('timeoutMs'),
  }),
});

const UpdateWebhookSettingsInput = builder.inputType('UpdateWebhookSettingsInput', {
  description: 'Unset fields keep their value; null clears url or secret.',
  fields: (t) => ({
    url: t.string(),
    secret: t.string({ description: 'At least 16 characters. Write-only.' }),
    enabled: t.boolean(),
    kinds: t.field({ type: [NotificationKindEnum] }),
    maxAttempts: t.int(),
    initialRetryDelayMs: t.int(),
    timeoutMs: t.int(),
  }),
});

builder.queryField('webhookSettings', (t) =>
  t.field({ type: WebhookSettingsType, resolve: (_root, _args, { services }) => services.webhook.get() }),
);

builder.mutationField('updateWebhookSettings', (t) =>
  t.field({
    type: WebhookSettingsType,
    args: { input: t.arg({ type: UpdateWebhookSettingsInput, required: true }) },
    resolve: (_root, { input }, { services }) => services.webhook.update(withoutNulls(input, ['url', 'secret'])),
  }),
);

const WebhookTestResultType = builder.objectRef<WebhookTestResult>('WebhookTestResult').implement({
  description: 'What a test notification sent to the webhook found.',
  fields: (t) => ({
    url: t.exposeString('url', { description: 'Where it was sent.' }),
    ok: t.exposeBoolean('ok', { description: 'The receiver answered 2xx.' }),
    statusCode: t.int({ nullable: true, description: 'The HTTP status it answered; null when no answer came.', resolve: (result) => result.statusCode }),
    latencyMs: t.exposeInt('latencyMs', { description: 'From sending to the answer (or the failure).' }),
    error: t.string({ nullable: true, description: 'Why it failed (HTTP 500, timed out after 10000 ms, connection refused…); null when ok.', resolve: (result) => result.error }),
  }),
});

builder.mutationField('sendTestWebhook', (t) =>
  t.field({
    type: WebhookTestResultType,
    description:
      'Sends a TEST notification to the configured webhook URL now, signed and shaped like real deliveries (x-conduit-event: TEST), even while the webhook is disabled. Not retried.',
    resolve: (_root, _args, { services }) => services.webhook.sendTest(),
  }),
);
