/**
 * What is wrong with a provider's settings, judged by its plugin: the credentials against the
 * plugin's `credentialsSchema` (or, without one, an optional `apiKey` string), the options against
 * its `optionsSchema` (both JSON Schema, checked with Ajv), then the plugin's own `create()`, which
 * throws for settings that cannot work together (an Azure provider with neither endpoint nor
 * resource name). Options the gateway reads itself (gateway-provider-options.ts) are checked apart and
 * never shown to the plugin. Admin writes refuse what this finds, naming the field; loading the configuration
 * reports it as the provider's `problem`. One judge, so both always agree.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { HttpClient, JsonSchema, ProviderAccountFields, ProviderPlugin } from '@conduit/plugin-api';
import type { Logger } from '../../ports/logger.ts';
import { gatewayOptionsProblem, splitProviderOptions } from './gateway-provider-options.ts';

export interface ProviderSettings {
  id: string;
  name: string;
  type: string;
  /** The record's own base URL (null: the plugin's default). */
  baseUrl: string | null;
  credentials: Readonly<Record<string, string>>;
  options: Readonly<Record<string, unknown>>;
}

/** `field` is relative to the provider input: `apiKey`, `credentials.region`, `options.apiVersion`, or `''` for the whole. */
export interface ProviderConfigProblem {
  field: string;
  message: string;
}

const ajv = new Ajv({ allErrors: false, strict: false });
const compiled = new WeakMap<JsonSchema, ValidateFunction>();
const apiKeyOnly: JsonSchema = { type: 'object', properties: { apiKey: { type: 'string' } } };

/** The first problem with the settings' shape (credentials, then options), or undefined. */
export function providerSchemaProblem(account: ProviderAccountFields, settings: Pick<ProviderSettings, 'credentials' | 'options'>): ProviderConfigProblem | undefined {
  const options = splitProviderOptions(settings.options);
  return (
    schemaProblem(account.credentialsSchema ?? apiKeyOnly, settings.credentials, (property) => (property === 'apiKey' ? 'apiKey' : `credentials.${property}`)) ??
    (account.optionsSchema ? schemaProblem(account.optionsSchema, options.plugin, (property) => `options.${property}`) : undefined) ??
    gatewayOptionsProblem(options.gateway)
  );
}

/**
 * The schema problem (the type's account fields), or else what its chat plugin's create() throws for
 * these settings (a type without one, audio only, has no create() to ask); undefined when fine.
 */
export function providerConfigProblem(
  account: ProviderAccountFields,
  provider: { plugin: ProviderPlugin<unknown>; options: unknown } | undefined,
  settings: ProviderSettings,
  build: { http: HttpClient; logger: Logger },
): ProviderConfigProblem | undefined {
  const problem = providerSchemaProblem(account, settings);
  if (problem || !provider) return problem;
  const { plugin } = provider;
  try {
    plugin.create({
      provider: { id: settings.id, name: settings.name, type: settings.type },
      baseUrl: (settings.baseUrl ?? plugin.defaultBaseUrl ?? '').replace(/\/+$/, ''),
      credentials: Object.freeze({ ...settings.credentials }),
      options: Object.freeze(splitProviderOptions(settings.options).plugin),
      pluginOptions: provider.options,
      http: build.http,
      logger: build.logger,
    });
    return undefined;
  } catch (error) {
    return { field: '', message: error instanceof Error ? error.message : String(error) };
  }
}

export function describeProblem(problem: ProviderConfigProblem): string {
  return problem.field ? `${problem.field}: ${problem.message}` : problem.message;
}

function schemaProblem(schema: JsonSchema, value: unknown, fieldOf: (property: string) => string): ProviderConfigProblem | undefined {
  let validate = compiled.get(schema);
  if (!validate) {
    try {
      validate = ajv.compile(schema);
    } catch (error) {
      return { field: '', message: `the plugin's schema cannot be used: ${(error as Error).message}` };
    }
    compiled.set(schema, validate);
  }
  if (validate(value)) return undefined;
  const errors = validate.errors ?? [];
  // For anyOf, Ajv lists each branch's error and then the anyOf one: name the alternatives instead.
  const anyOf = errors.find((error) => error.keyword === 'anyOf');
  if (anyOf) return { field: fieldOf(anyOf.instancePath.slice(1)).replace(/\.$/, ''), message: alternatives(schema, anyOf) };
  const first = errors[0]!;
  return describeError(first, fieldOf);
}

function describeError(error: ErrorObject, fieldOf: (property: string) => string): ProviderConfigProblem {
  const path = error.instancePath.split('/').slice(1).join('.');
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  if (error.keyword === 'required') return { field: fieldOf(join(path, params.missingProperty!)), message: 'is required by this provider type' };
  if (error.keyword === 'additionalProperties') {
    return { field: fieldOf(join(path, params.additionalProperty!)), message: 'is not a setting of this provider type' };
  }
  return { field: path ? fieldOf(path) : fieldOf('').replace(/\.$/, ''), message: error.message ?? 'is invalid' };
}

function alternatives(schema: JsonSchema, error: ErrorObject): string {
  const branches = (schema.anyOf as Array<{ required?: string[] }> | undefined) ?? [];
  if (error.instancePath === '' && branches.length > 0 && branches.every((branch) => Array.isArray(branch.required))) {
    return `needs ${branches.map((branch) => branch.required!.join(' and ')).join(', or ')}`;
  }
  return error.message ?? 'is invalid';
}

const join = (path: string, property: string): string => (path ? `${path}.${property}` : property);
