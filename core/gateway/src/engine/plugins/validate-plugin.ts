/**
 * Checks a loaded plugin object against the contract, since a published package may have been built
 * against another version of the plugin API. Returns the problem, or undefined when it is valid.
 */
import { PLUGIN_API_VERSION, capabilityNames, type ConduitPlugin } from '@conduit/plugin-api';
import { z } from 'zod';

const fn = (message: string) => z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', { message });

const supportedKinds = ['provider', 'routing-strategy'] as const;
const plannedKinds = ['audio', 'realtime-translator'];

const base = z.object({
  apiVersion: z.literal(PLUGIN_API_VERSION, { message: `apiVersion must be ${PLUGIN_API_VERSION}` }),
  kind: z.string(),
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'name must be lowercase letters, digits and dashes'),
  version: z.string().min(1, 'version is required'),
  description: z.string().optional(),
  parseOptions: fn('parseOptions must be a function').optional(),
});

const capabilities = z.object(
  Object.fromEntries(capabilityNames.map((name) => [name, z.boolean({ message: `capabilities.${name} must be a boolean` })])),
);

const provider = base.extend({
  kind: z.literal('provider'),
  displayName: z.string().optional(),
  defaultBaseUrl: z.url({ message: 'defaultBaseUrl must be a URL' }).optional(),
  credentialsSchema: z.record(z.string(), z.unknown()).optional(),
  optionsSchema: z.record(z.string(), z.unknown()).optional(),
  capabilities,
  modelCapabilities: fn('modelCapabilities must be a function').optional(),
  create: fn('create must be a function'),
});

const routingStrategy = base.extend({
  kind: z.literal('routing-strategy'),
  create: fn('create must be a function'),
});

export function validatePlugin(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return 'the export is not a plugin object (use definePlugin)';
  const kind = (value as { kind?: unknown }).kind;
  if (typeof kind === 'string' && plannedKinds.includes(kind)) {
    return `kind '${kind}' is not supported by this gateway version yet`;
  }
  if (!supportedKinds.includes(kind as (typeof supportedKinds)[number])) {
    return `kind must be one of ${supportedKinds.join(', ')} (got ${JSON.stringify(kind)})`;
  }
  const result = (kind === 'provider' ? provider : routingStrategy).safeParse(value);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue?.message ?? 'invalid'}`;
}

export function isConduitPlugin(value: unknown): value is ConduitPlugin {
  return validatePlugin(value) === undefined;
}
