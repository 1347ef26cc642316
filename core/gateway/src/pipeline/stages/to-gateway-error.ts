/** Whatever a request threw, as the error the client sees: the one place failures get their status and code. */
import { GatewayError } from '../../domain/gateway-error.ts';
import { UpstreamFailure } from '../../engine/routing/upstream-failure.ts';
import type { Logger } from '../../ports/logger.ts';
import { providerErrorResponse } from '../ingress/provider-error-response.ts';

export function toGatewayError(error: unknown, logger: Logger, requestId: string): GatewayError {
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
