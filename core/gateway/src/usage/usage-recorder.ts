/**
 * Turns a finished request into a RequestLog row with its cost, and hands it to the batched writer.
 * Runs after the response is sent; never on the request's critical path.
 */
import type { Usage } from '@conduit/plugin-api';
import type { RequestRecord } from '../http/request-state.ts';
import type { ConfigState } from '../state/config-state.ts';
import { computeCost } from './compute-cost.ts';
import type { RequestLogWriter } from './request-log-writer.ts';

export interface FinishedRequest {
  requestId: string;
  virtualKeyId: string | undefined;
  clientIp: string;
  record: RequestRecord;
  status: number;
  errorCode?: string;
  errorMessage?: string;
  latencyMs: number;
}

export class UsageRecorder {
  constructor(
    private readonly writer: RequestLogWriter,
    private readonly config: ConfigState,
  ) {}

  record(finished: FinishedRequest): void {
    const { record } = finished;
    const usage: Usage | undefined = record.usage;
    const route = record.route;
    // Error responses cost nothing, except a stream that failed after delivering output.
    const billable = usage !== undefined && (finished.status < 400 || record.streamError !== undefined);
    const price = billable ? this.config.current.prices.find(record.model, route?.providerModel) : undefined;
    const cost = billable && price ? computeCost(usage, price) : 0;
    const error = record.streamError ?? (finished.errorCode ? { code: finished.errorCode, message: finished.errorMessage ?? '' } : undefined);
    this.writer.append({
      requestId: finished.requestId,
      virtualKeyId: finished.virtualKeyId ?? null,
      endpoint: record.endpoint,
      model: record.model ?? null,
      providerId: route?.provider.id ?? null,
      providerModel: route?.providerModel ?? null,
      deploymentId: route?.id ?? null,
      stream: record.stream,
      status: finished.status,
      errorCode: error?.code.slice(0, 64) ?? null,
      errorMessage: error?.message.slice(0, 1000) ?? null,
      promptTokens: usage?.prompt_tokens ?? null,
      completionTokens: usage?.completion_tokens ?? null,
      cachedTokens: usage?.prompt_tokens_details?.cached_tokens ?? null,
      totalTokens: usage?.total_tokens ?? null,
      usageEstimated: record.usageEstimated,
      cost,
      unpriced: billable && !price,
      latencyMs: Math.round(finished.latencyMs),
      firstByteMs: record.firstByteMs === undefined ? null : Math.round(record.firstByteMs),
      attempts: record.attempts,
      clientIp: finished.clientIp,
      createdAt: new Date(),
    });
  }
}
