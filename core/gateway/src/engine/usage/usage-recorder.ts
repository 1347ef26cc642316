/**
 * Turns a finished request into a RequestLog row with its cost, settles what its admission counted
 * (the real cost and tokens replace the reservation; a failure releases it), and hands row and spend
 * to the batched writer. Runs as the response ends; never on the request's critical path.
 */
import type { Usage } from '@conduit/plugin-api';
import type { RequestRecord } from './request-record.ts';
import type { AdmissionSettlement } from '../limits/admission-settlement.ts';
import { allPeriodKeys } from '../../domain/budget-period.ts';
import type { GatewayMetrics } from '../metrics/gateway-metrics.ts';
import type { ConfigState } from '../state/config-state.ts';
import { computeCost } from './compute-cost.ts';
import { pricesImageAnswer } from './image-pricing.ts';
import { otherModelsCost } from './other-model-usage.ts';
import { totalAudioSeconds } from '../../domain/audio-measure.ts';
import type { LiveRequestFeed } from './live-request-feed.ts';
import type { CountedSpend, RequestLogRow, RequestLogSink, SpendRecord } from '../../ports/request-log-sink.ts';

export interface FinishedRequest {
  requestId: string;
  virtualKeyId: string | undefined;
  clientIp: string;
  record: RequestRecord;
  status: number;
  errorCode?: string;
  errorMessage?: string;
  latencyMs: number;
  /** Time spent in the gateway itself, excluding waits on the upstream. */
  overheadMs: number;
}

const nothingCounted: Promise<readonly CountedSpend[]> = Promise.resolve([]);

export class UsageRecorder {
  constructor(
    private readonly writer: RequestLogSink,
    private readonly config: ConfigState,
    private readonly settlement?: AdmissionSettlement,
    private readonly metrics?: GatewayMetrics,
    private readonly feed?: LiveRequestFeed,
  ) {}

  record(finished: FinishedRequest): void {
    const { record } = finished;
    const usage: Usage | undefined = record.usage;
    const { audio, images, route, otherModels } = record;
    const ownUsage = usage !== undefined || audio !== undefined || images !== undefined;
    // Error responses cost nothing, except a stream that failed after delivering output.
    const billable = (ownUsage || otherModels !== undefined) && (finished.status < 400 || record.streamError !== undefined);
    const prices = this.config.current.prices;
    // Priced as the model that served: a fallback to another model costs what that model costs.
    const found = billable && ownUsage ? prices.find(route?.modelName ?? record.model, route?.providerModel) : undefined;
    const price = found && (images === undefined || pricesImageAnswer(found, usage)) ? found : undefined;
    const others = billable && !record.cacheHit ? otherModelsCost(otherModels, prices) : undefined;
    // An answer from the response cache costs nothing: no provider was called.
    const costNanos = billable && !record.cacheHit ? (price ? computeCost(usage, price, audio, images) : 0) + (others?.costNanos ?? 0) : 0;
    const error = record.streamError ?? (finished.errorCode ? { code: finished.errorCode, message: finished.errorMessage ?? '' } : undefined);

    const ticket = record.admission;
    const counted =
      ticket && this.settlement
        ? this.settlement.settle(ticket, { cost: Math.max(0, costNanos - (record.settledNanos ?? 0)), tokens: billable ? (usage?.total_tokens ?? 0) : 0 })
        : nothingCounted;
    let spend: SpendRecord | undefined;
    if (costNanos > 0) {
      const scopes = ticket?.scopes ?? (finished.virtualKeyId ? [{ kind: 'key' as const, id: finished.virtualKeyId }] : []);
      // A session that outlived a budget period booked its spend there under that period's keys.
      const earlier = ticket?.earlierPeriods;
      const booked = earlier?.reduce((sum, part) => sum + part.amount, 0) ?? 0;
      spend = { scopes, periodKeys: ticket?.periodKeys ?? allPeriodKeys(Date.now()), amount: Math.max(0, costNanos - booked), counted, ...(earlier ? { earlier } : {}) };
    }

    const row: RequestLogRow = {
      requestId: finished.requestId,
      virtualKeyId: finished.virtualKeyId ?? null,
      keyPrefix: record.keyPrefix ?? null,
      endpoint: record.endpoint,
      model: record.model ?? null,
      providerId: route?.provider.id ?? null,
      providerModel: route?.providerModel ?? null,
      deploymentId: route?.id ?? null,
      stream: record.stream,
      status: finished.status,
      // A session that ended normally logs how it ended (client_closed…) in the error code column.
      errorCode: (error?.code ?? record.closeReason)?.slice(0, 64) ?? null,
      errorMessage: error?.message.slice(0, 1000) ?? null,
      promptTokens: usage?.prompt_tokens ?? null,
      completionTokens: usage?.completion_tokens ?? null,
      cachedTokens: usage?.prompt_tokens_details?.cached_tokens ?? null,
      totalTokens: usage?.total_tokens ?? null,
      usageEstimated: record.usageEstimated,
      costNanos,
      unpriced: billable && !record.cacheHit && ((ownUsage && !price) || others?.unpriced === true),
      latencyMs: Math.round(finished.latencyMs),
      firstByteMs: record.firstByteMs === undefined ? null : Math.round(record.firstByteMs),
      attempts: record.attempts,
      clientIp: finished.clientIp,
      audioSeconds: totalAudioSeconds(audio) ?? null,
      characters: audio?.characters ?? null,
      cacheHit: record.cacheHit === true,
      createdAt: new Date(),
    };
    this.writer.append(row, spend);
    this.feed?.logged(row, ticket && this.settlement ? counted : undefined);
    this.metrics?.observe({
      endpoint: record.endpoint,
      status: finished.status,
      stream: record.stream,
      model: record.model,
      provider: route?.provider.name,
      latencyMs: finished.latencyMs,
      overheadMs: finished.overheadMs,
      usage: billable && !record.cacheHit ? usage : undefined,
      costNanos,
    });
  }
}
