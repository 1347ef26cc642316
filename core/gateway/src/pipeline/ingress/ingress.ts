/**
 * An ingress is a wire format clients speak to the gateway: OpenAI's on /v1, later Anthropic's on
 * /v1/messages. The pipeline is the same for all; each ingress renders errors its own way.
 */
import type { GatewayError } from '../../domain/gateway-error.ts';

export interface Ingress {
  /** The error body in this ingress's format. */
  errorBody(error: GatewayError): object;
}

/** OpenAI's error object: `{"error": {"message", "type", "param", "code"}}`. */
export const openAIIngress: Ingress = {
  errorBody: (error) => error.toBody(),
};
