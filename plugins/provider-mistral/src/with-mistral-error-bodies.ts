/**
 * Wraps the context's HTTP client so that Mistral's error bodies reach the OpenAI-compatible client
 * in OpenAI's `{error: {message, type, param}}` shape, the one it reads. Without this, a 422 whose
 * `message` is an object would surface as a bare "HTTP 422". Successful answers pass untouched.
 */
import type { HttpClient, HttpRequest, HttpResponse } from '@conduit/plugin-api';
import { readMistralErrorBody } from './read-mistral-error-body.ts';

export function withMistralErrorBodies(http: HttpClient): HttpClient {
  return {
    async request(request: HttpRequest): Promise<HttpResponse> {
      const response = await http.request(request);
      if (response.status < 400) return response;
      const details = readMistralErrorBody(await response.text());
      const text = JSON.stringify({
        error: { message: details.message ?? '', type: details.providerCode ?? null, param: details.param ?? null, code: null },
      });
      const bytes = new TextEncoder().encode(text);
      return {
        status: response.status,
        headers: response.headers,
        body: (async function* () {
          yield bytes;
        })(),
        text: async () => text,
        json: async <T>() => JSON.parse(text) as T,
        bytes: async () => bytes,
        discard: async () => undefined,
      };
    },
  };
}
