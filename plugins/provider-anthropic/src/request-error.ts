/** ProviderErrors for requests the plugin refuses before calling Anthropic. */
import { ProviderError } from '@conduit/plugin-api';

export function unsupported(message: string, param?: string): ProviderError {
  return new ProviderError({ code: 'unsupported', message, param, retryable: false });
}

export function badRequest(message: string, param?: string): ProviderError {
  return new ProviderError({ code: 'bad_request', message, param, retryable: false });
}
