/** An upstream's answer text parsed as JSON; text that is not JSON is an `invalid_response` ProviderError. */
import { ProviderError } from './provider-error.ts';

export function parseResponseJson(text: string, status: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ProviderError({
      code: 'invalid_response',
      status,
      message: 'The provider answered with a body that is not valid JSON',
      cause: error,
    });
  }
}
