/**
 * An ingress is a wire format clients speak to the gateway: OpenAI's on /v1, Anthropic's on
 * /v1/messages. The pipeline is the same for all; each ingress renders errors and the events of the
 * streams the gateway makes its own way.
 */
import type { GatewayError } from '../../domain/gateway-error.ts';

export interface Ingress {
  /** The error body in this ingress's format. */
  errorBody(error: GatewayError): object;
  /** The status the error is answered with. */
  errorStatus(error: GatewayError): number;
  /** One event of a stream the gateway makes, framed as server-sent-event text. */
  streamEvent(event: object): string;
  /** The event that ends a stream the gateway makes when it fails after its first event (`last`: the event sent before it). */
  streamErrorEvent(error: GatewayError, last?: object): string;
  /** A header that repeats `x-request-id` under the name this format's SDKs read it from. */
  readonly requestIdHeader?: string;
  /** The 401's message for a request without a key, naming the headers this format's clients send it in. */
  readonly missingKeyMessage?: string;
}

/** OpenAI's error object: `{"error": {"message", "type", "param", "code"}}`; events are `data:` lines only. */
export const openAIIngress: Ingress = {
  errorBody: (error) => error.toBody(),
  errorStatus: (error) => error.status,
  streamEvent: (event) => `data: ${JSON.stringify(event)}\n\n`,
  streamErrorEvent: (error) => `data: ${JSON.stringify({ type: 'error', ...error.toBody() })}\n\n`,
};
