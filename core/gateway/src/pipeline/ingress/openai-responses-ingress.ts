/**
 * The Responses API's wire format: OpenAI's errors, and named stream events (`event: response.created`,
 * …). A failure after the first event ends the stream with an `error` event: the spec's fields (`code`,
 * `message`, `param`, the next `sequence_number`) and OpenAI's `error` object, which the SDK raises.
 */
import type { Ingress } from './ingress.ts';
import { openAIIngress } from './ingress.ts';

export const openAIResponsesIngress: Ingress = {
  errorBody: openAIIngress.errorBody,
  errorStatus: openAIIngress.errorStatus,
  streamEvent: (event) => `event: ${(event as { type: string }).type}\ndata: ${JSON.stringify(event)}\n\n`,
  streamErrorEvent: (error, last) => {
    const body = error.toBody();
    const sequence = (last as { sequence_number?: unknown } | undefined)?.sequence_number;
    const event = {
      type: 'error',
      code: body.error.code ?? body.error.type,
      message: body.error.message,
      param: body.error.param ?? null,
      sequence_number: typeof sequence === 'number' ? sequence + 1 : 0,
      error: body.error,
    };
    return `event: error\ndata: ${JSON.stringify(event)}\n\n`;
  },
};
