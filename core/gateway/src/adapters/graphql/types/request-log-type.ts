import { builder } from '../builder.ts';
import { idCursors, newestFirstConnection, pageSize } from '../newest-first-page.ts';
import { nanosToUsd } from '../../../domain/money.ts';
import type { RequestLogRecord } from '../../../infrastructure/database/models/request-log-model.ts';
import type { RequestLoggedEvent } from '../../../ports/event-bus.ts';

/** A stored row, or a live one (from `requestLogged`) that has no row id yet. */
type RequestLogView = Omit<RequestLoggedEvent, 'createdAt'> & { id?: number | null; createdAt: Date };

const RequestLogType = builder.objectRef<RequestLogView>('RequestLog');

RequestLogType.implement({
  description: 'One request served (or refused) on /v1.',
  fields: (t) => ({
    id: t.id({
      description: 'The stored row’s id; in a requestLogged event (delivered before the row is written) the requestId.',
      resolve: (log) => (log.id === undefined || log.id === null ? log.requestId : String(log.id)),
    }),
    requestId: t.exposeString('requestId'),
    virtualKeyId: t.id({ nullable: true, resolve: (log) => log.virtualKeyId }),
    keyPrefix: t.string({
      nullable: true,
      description: 'On a failed authentication (401): the first characters of the key presented, never the key.',
      resolve: (log) => log.keyPrefix ?? null,
    }),
    endpoint: t.exposeString('endpoint'),
    model: t.string({ nullable: true, resolve: (log) => log.model }),
    providerId: t.id({ nullable: true, resolve: (log) => log.providerId }),
    providerModel: t.string({ nullable: true, resolve: (log) => log.providerModel }),
    deploymentId: t.id({ nullable: true, resolve: (log) => log.deploymentId }),
    stream: t.exposeBoolean('stream'),
    status: t.exposeInt('status'),
    errorCode: t.string({ nullable: true, resolve: (log) => log.errorCode }),
    errorMessage: t.string({ nullable: true, resolve: (log) => log.errorMessage }),
    promptTokens: t.int({ nullable: true, resolve: (log) => log.promptTokens }),
    completionTokens: t.int({ nullable: true, resolve: (log) => log.completionTokens }),
    cachedTokens: t.int({ nullable: true, resolve: (log) => log.cachedTokens }),
    totalTokens: t.int({ nullable: true, resolve: (log) => log.totalTokens }),
    audioSeconds: t.float({
      nullable: true,
      description: 'Seconds of audio in and out (transcription, translation, speech, a realtime session), measured by the gateway; null for requests without audio.',
      resolve: (log) => log.audioSeconds ?? null,
    }),
    characters: t.int({ nullable: true, description: 'Characters spoken (speech); null for other requests.', resolve: (log) => log.characters ?? null }),
    usageEstimated: t.exposeBoolean('usageEstimated', { description: 'Tokens were counted by the gateway, not reported by the provider.' }),
    cacheHit: t.boolean({
      description: 'Answered from the response cache: no provider was called and it cost nothing (its tokens are those of the cached answer).',
      resolve: (log) => log.cacheHit === true,
    }),
    cost: t.float({ description: 'USD (exact: counted in nano-dollars).', resolve: (log) => nanosToUsd(log.costNanos) }),
    unpriced: t.exposeBoolean('unpriced', { description: "No price matched the model, or a model used within the request (a realtime session's transcription model); that usage is logged at zero cost." }),
    latencyMs: t.exposeInt('latencyMs'),
    firstByteMs: t.int({ nullable: true, resolve: (log) => log.firstByteMs }),
    attempts: t.exposeInt('attempts'),
    clientIp: t.string({ nullable: true, resolve: (log) => log.clientIp }),
    createdAt: t.field({ type: 'DateTime', resolve: (log) => log.createdAt }),
  }),
});

const { cursorOf, idOf } = idCursors('log');

builder.queryField('requestLogs', (t) =>
  t.connection({
    type: RequestLogType,
    description: 'Request logs, newest first.',
    args: { virtualKeyId: t.arg.id(), model: t.arg.string() },
    resolve: async (_root, args, { services }) => {
      const first = pageSize(args.first);
      const beforeId = args.after ? idOf(args.after) : undefined;
      const rows = await services.requestLogs.page(
        { virtualKeyId: args.virtualKeyId == null ? null : String(args.virtualKeyId), model: args.model, beforeId },
        first + 1,
      );
      return newestFirstConnection(rows, first, beforeId !== undefined, (row) => cursorOf(Number(row.id)));
    },
  }),
);

builder.subscriptionField('requestLogged', (t) =>
  t.field({
    type: RequestLogType,
    description: 'Every finished /v1 request on any instance, as soon as its response ended (before the log batch is written).',
    args: { virtualKeyId: t.arg.id(), model: t.arg.string() },
    subscribe: (_root, args, { live }) => {
      const virtualKeyId = args.virtualKeyId == null ? undefined : String(args.virtualKeyId);
      const model = args.model ?? undefined;
      return live.subscribe(
        'requestLogged',
        (event) => (virtualKeyId === undefined || event.virtualKeyId === virtualKeyId) && (model === undefined || event.model === model),
      );
    },
    resolve: (event): RequestLogView => ({ ...event, createdAt: new Date(event.createdAt) }),
  }),
);
