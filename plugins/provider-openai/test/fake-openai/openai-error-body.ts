/**
 * OpenAI's error bodies: `{error: {message, type, param, code}}`, with the type and code OpenAI
 * uses for each status.
 */
import type { OpenAIErrorBody } from '@conduit/plugin-api';

export function openAIErrorBody(
  status: number,
  message: string,
  overrides: { type?: string; param?: string | null; code?: string | null } = {},
): OpenAIErrorBody {
  const { type, code } = classify(status);
  return {
    error: {
      message,
      type: overrides.type ?? type,
      param: overrides.param ?? null,
      code: overrides.code !== undefined ? overrides.code : code,
    },
  };
}

function classify(status: number): { type: string; code: string | null } {
  if (status === 401) return { type: 'invalid_request_error', code: 'invalid_api_key' };
  if (status === 403) return { type: 'invalid_request_error', code: 'unsupported_country_region_territory' };
  if (status === 404) return { type: 'invalid_request_error', code: 'model_not_found' };
  if (status === 429) return { type: 'requests', code: 'rate_limit_exceeded' };
  if (status >= 500) return { type: 'server_error', code: null };
  return { type: 'invalid_request_error', code: null };
}

/** The 401 OpenAI answers for a wrong key; the key is masked as OpenAI masks it. */
export function invalidApiKeyBody(presented: string): OpenAIErrorBody {
  return {
    error: {
      message: `Incorrect API key provided: ${maskKey(presented)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    },
  };
}

/** The 401 OpenAI answers when no key was sent. */
export const missingApiKeyBody: OpenAIErrorBody = {
  error: {
    message:
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username. You can obtain an API key from https://platform.openai.com/account/api-keys.",
    type: 'invalid_request_error',
    param: null,
    code: null,
  },
};

function maskKey(key: string): string {
  if (key.length < 12) return '*'.repeat(key.length);
  return `${key.slice(0, 3)}${'*'.repeat(key.length - 7)}${key.slice(-4)}`;
}
