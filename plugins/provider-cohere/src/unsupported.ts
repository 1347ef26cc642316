import { ProviderError } from '@conduit/plugin-api';

/** A request asks for something Cohere cannot do; the gateway answers it with a 400. */
export function unsupported(message: string, param?: string): ProviderError {
  return new ProviderError({ code: 'unsupported', message, param, retryable: false });
}
