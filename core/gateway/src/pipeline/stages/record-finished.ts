/**
 * The last stage: a finished request, success or failure, goes to the usage recorder (request log,
 * settlement of what the admission counted, metrics) once the response is on its way — the client
 * does not wait for it, and nothing it throws reaches the process.
 */
import { performance } from 'node:perf_hooks';
import type { GatewayError } from '../../domain/gateway-error.ts';
import type { RequestRecord } from '../../engine/usage/request-record.ts';
import type { FinishedRequest, UsageRecorder } from '../../engine/usage/usage-recorder.ts';
import type { Logger } from '../../ports/logger.ts';
import type { Exchange } from '../exchange.ts';
import { overheadMs } from '../http/upstream-time.ts';

export function recordFinished(
  usage: UsageRecorder,
  logger: Logger,
  exchange: Exchange,
  record: RequestRecord,
  virtualKeyId: string | undefined,
  failure: GatewayError | undefined,
): void {
  const finished: FinishedRequest = {
    requestId: exchange.requestId,
    virtualKeyId,
    clientIp: exchange.clientIp,
    record,
    status: failure?.status ?? exchange.response.statusCode,
    errorCode: failure?.code ?? undefined,
    errorMessage: failure?.message,
    latencyMs: 0,
    overheadMs: overheadMs(exchange),
  };
  const startedAt = exchange.startedAt;
  process.nextTick(() => {
    finished.latencyMs = performance.now() - startedAt;
    try {
      usage.record(finished);
    } catch (error) {
      logger.error({ err: error, requestId: finished.requestId }, 'recording a finished request failed');
    }
  });
}
