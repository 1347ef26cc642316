/**
 * Settings of one Anthropic provider: the provider record's options over the plugin's options
 * (from plugins.json) over the defaults.
 */
import type { JsonSchema } from '@conduit/plugin-api';

/** The API version the plugin speaks by default. 2026-10-21 also works (sampling parameters are then dropped). */
export const defaultApiVersion = '2023-06-01';

/** The first API version without `temperature` / `top_p` / `top_k`. */
const samplingRemovedIn = '2026-10-21';

export interface AnthropicPluginOptions {
  /** `anthropic-version` for every provider of this type, unless the provider record sets one. */
  apiVersion?: string;
  /** `max_tokens` when a request sets none, unless the provider record sets one. */
  defaultMaxTokens?: number;
}

export interface AnthropicSettings {
  apiVersion: string;
  defaultMaxTokens?: number;
  /** Sent as `anthropic-beta`, comma-separated. */
  betas: string[];
  /** Extra headers sent with every request. */
  headers: Record<string, string>;
  samplingParameters: boolean;
}

const apiVersionSchema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', title: 'API version (anthropic-version header)' };
const maxTokensSchema = { type: 'integer', minimum: 1, title: 'max_tokens when a request sets none' };

export const optionsSchema: JsonSchema = {
  type: 'object',
  properties: {
    apiVersion: { ...apiVersionSchema, default: defaultApiVersion },
    defaultMaxTokens: maxTokensSchema,
    betas: { type: 'array', items: { type: 'string' }, title: 'Beta features (anthropic-beta header)' },
    headers: { type: 'object', additionalProperties: { type: 'string' }, title: 'Extra headers' },
  },
  additionalProperties: false,
};

export function parsePluginOptions(raw: unknown): AnthropicPluginOptions {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error('options must be an object');
  const { apiVersion, defaultMaxTokens, ...rest } = raw as Record<string, unknown>;
  const unknownKeys = Object.keys(rest);
  if (unknownKeys.length > 0) throw new Error(`unknown option(s): ${unknownKeys.join(', ')}`);
  const options: AnthropicPluginOptions = {};
  if (apiVersion !== undefined) options.apiVersion = readApiVersion(apiVersion, 'apiVersion');
  if (defaultMaxTokens !== undefined) options.defaultMaxTokens = readMaxTokens(defaultMaxTokens, 'defaultMaxTokens');
  return options;
}

export function resolveSettings(
  options: Readonly<Record<string, unknown>>,
  pluginOptions: AnthropicPluginOptions | undefined,
): AnthropicSettings {
  const apiVersion =
    options.apiVersion !== undefined ? readApiVersion(options.apiVersion, 'apiVersion') : (pluginOptions?.apiVersion ?? defaultApiVersion);
  const defaultMaxTokens =
    options.defaultMaxTokens !== undefined ? readMaxTokens(options.defaultMaxTokens, 'defaultMaxTokens') : pluginOptions?.defaultMaxTokens;
  const betas = Array.isArray(options.betas) ? options.betas.filter((beta): beta is string => typeof beta === 'string') : [];
  const headers: Record<string, string> = {};
  if (options.headers && typeof options.headers === 'object') {
    for (const [name, value] of Object.entries(options.headers)) if (typeof value === 'string') headers[name.toLowerCase()] = value;
  }
  return { apiVersion, defaultMaxTokens, betas, headers, samplingParameters: apiVersion < samplingRemovedIn };
}

function readApiVersion(value: unknown, name: string): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`${name} must be a date like 2023-06-01`);
  return value;
}

function readMaxTokens(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}
