/**
 * The one place /v1 errors become responses: OpenAI's error body with the right status. It also
 * hands every finished /v1 request, success or failure, to the usage recorder, right after the
 * response is on its way.
 */
import { performance } from 'node:perf_hooks';
import type { Middleware } from 'koa';
import type { Logger } from '../../ports/logger.ts';
import type { FinishedRequest, UsageRecorder } from '../../engine/usage/usage-recorder.ts';
import { UpstreamFailure } from '../../engine/routing/upstream-failure.ts';
import { GatewayError } from '../../domain/gateway-error.ts';
import { providerErrorResponse } from '../ingress/provider-error-response.ts';
import type { RequestState } from '../../adapters/http/request-state.ts';
import { overheadMs, setOverheadHeader } from '../http/upstream-time.ts';

export function openAIErrors(options: { logger: Logger; usage: UsageRecorder }): Middleware<RequestState> {
  return async function openAIErrorsMiddleware(ctx, next) {
    let failure: GatewayError | undefined;
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined && ctx.respond !== false) {
        failure = new GatewayError({
          status: 404,
          type: 'invalid_request_error',
          code: 'unknown_url',
          message: `Unknown request URL: ${ctx.method} ${ctx.path}.`,
        });
      }
    } catch (error) {
      failure = toGatewayError(error, options.logger, ctx.state.requestId);
    }
    if (failure) {
      if (failure.status >= 500) {
        options.logger.warn({ requestId: ctx.state.requestId, status: failure.status, code: failure.code }, failure.message);
      }
      if (ctx.headerSent || !ctx.writable) {
        // The response already started (a stream); the stream writer reported the error in-band.
      } else {
        ctx.status = failure.status;
        ctx.state.head.setAll(failure.headers);
        ctx.body = failure.toBody();
      }
    }
    if (!ctx.headerSent) setOverheadHeader(ctx);
    const record = ctx.state.record;
    if (record) {
      const finished: FinishedRequest = {
        requestId: ctx.state.requestId,
        virtualKeyId: ctx.state.key?.id,
        clientIp: ctx.state.clientIp,
        record,
        status: failure?.status ?? ctx.status,
        errorCode: failure?.code ?? undefined,
        errorMessage: failure?.message,
        latencyMs: 0,
        overheadMs: overheadMs(ctx),
      };
      const startedAt = ctx.state.startedAt;
      // Recorded once Koa has handed the response to the socket: the client does not wait for it.
      process.nextTick(() => {
        finished.latencyMs = performance.now() - startedAt;
        try {
          options.usage.record(finished);
        } catch (error) {
          options.logger.error({ err: error, requestId: finished.requestId }, 'recording a finished request failed');
        }
      });
    }
  };
}

function toGatewayError(error: unknown, logger: Logger, requestId: string): GatewayError {
  if (error instanceof GatewayError) return error;
  if (error instanceof UpstreamFailure) return providerErrorResponse(error.error, error.route.provider.name);
  logger.error({ err: error, requestId }, 'unhandled error in the request path');
  return new GatewayError({
    status: 500,
    type: 'server_error',
    code: 'internal_error',
    message: `The gateway failed to process the request (request id ${requestId}).`,
  });
}
