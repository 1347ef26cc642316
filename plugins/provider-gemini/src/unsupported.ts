import { ProviderError } from '@conduit/plugin-api';

/** A request the plugin cannot send to Gemini; the gateway answers it with a 400. */
export function unsupported(message: string, param?: string): ProviderError {
  return new ProviderError({ code: 'unsupported', message, param, retryable: false });
}

/** A request that is malformed in a way Gemini would reject too. */
export function badRequest(message: string, param?: string): ProviderError {
  return new ProviderError({ code: 'bad_request', message, param, retryable: false });
}
