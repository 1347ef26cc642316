import { builder } from '../builder.ts';
import type { WebhookSettingsView } from '../../../services/webhook-settings-service.ts';
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
