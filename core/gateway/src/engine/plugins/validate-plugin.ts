/**
 * Checks a loaded plugin object against the contract, since a published package may have been built
 * against another version of the plugin API. Returns the problem, or undefined when it is valid.
 * Each kind has one entry in `kindSchemas`: a new kind is a new entry.
 */
import { apiVersionProblem, capabilityNames, type ConduitPlugin, type PluginKind } from '@conduit/plugin-api';
import { z } from 'zod';

const fn = (message: string) => z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', { message });

const base = z.object({
  kind: z.string(),
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'name must be lowercase letters, digits and dashes'),
  version: z.string().min(1, 'version is required'),
  description: z.string().optional(),
  parseOptions: fn('parseOptions must be a function').optional(),
});

/** What a plugin that reaches a provider account says about it (ProviderAccountFields). */
const account = base.extend({
  displayName: z.string().optional(),
  defaultBaseUrl: z.url({ message: 'defaultBaseUrl must be a URL' }).optional(),
  credentialsSchema: z.record(z.string(), z.unknown()).optional(),
  optionsSchema: z.record(z.string(), z.unknown()).optional(),
});

const flag = (name: string) => z.boolean({ message: `capabilities.${name} must be a boolean` }).optional();
const list = (name: string, item: z.ZodType) => z.array(item, { message: `capabilities.${name} must be a list` }).optional();
const text = (name: string) => z.string({ message: `capabilities.${name} must hold strings` });
const limit = (name: string) => z.number().int().positive({ message: `capabilities.${name} must be a positive whole number` }).optional();
const capabilitiesObject = (shape: z.ZodRawShape) => z.object(shape, { message: 'capabilities must be an object' });

// Flags are optional (missing = false) and keys this gateway does not know are ignored: a plugin
// built against a newer plugin API may declare capabilities added since.
const modelCapabilities = capabilitiesObject(Object.fromEntries(capabilityNames.map((name) => [name, flag(name)])));

const audioCapabilities = capabilitiesObject({
  transcribe: flag('transcribe'),
  transcribeStream: flag('transcribeStream'),
  translate: flag('translate'),
  speak: flag('speak'),
  speakStream: flag('speakStream'),
  languages: list('languages', text('languages')),
  voices: list('voices', z.object({ id: text('voices[].id'), name: z.string().optional() }, { message: 'capabilities.voices must hold { id }' })),
  defaultVoice: text('defaultVoice').optional(),
  customVoices: flag('customVoices'),
  inputFormats: list('inputFormats', text('inputFormats')),
  outputFormats: list('outputFormats', text('outputFormats')),
  transcriptFormats: list('transcriptFormats', text('transcriptFormats')),
  maxFileBytes: limit('maxFileBytes'),
  maxInputCharacters: limit('maxInputCharacters'),
});

const realtimeFormat = z.object({ type: z.string() }, { message: 'capabilities audio formats must be { type }' });
const realtimeCapabilities = capabilitiesObject({
  inputAudioFormats: list('inputAudioFormats', realtimeFormat),
  outputAudioFormats: list('outputAudioFormats', realtimeFormat),
  voices: list('voices', text('voices')),
  tools: flag('tools'),
  textOutput: flag('textOutput'),
  inputTranscription: flag('inputTranscription'),
});

const kindSchemas: Readonly<Record<PluginKind, z.ZodType>> = {
  provider: account.extend({
    capabilities: modelCapabilities,
    modelCapabilities: fn('modelCapabilities must be a function').optional(),
    create: fn('create must be a function'),
  }),
  'routing-strategy': base.extend({
    create: fn('create must be a function'),
  }),
  audio: account.extend({
    capabilities: audioCapabilities,
    modelCapabilities: fn('modelCapabilities must be a function').optional(),
    create: fn('create must be a function'),
  }),
  'realtime-translator': account.extend({
    capabilities: realtimeCapabilities,
    create: fn('create must be a function'),
  }),
};

export const pluginKinds = Object.keys(kindSchemas) as PluginKind[];

export function validatePlugin(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return 'the export is not a plugin object (use definePlugin)';
  const { kind, apiVersion } = value as { kind?: unknown; apiVersion?: unknown };
  const known = typeof kind === 'string' && Object.hasOwn(kindSchemas, kind);
  const versionProblem = apiVersionProblem(apiVersion, known ? (kind as PluginKind) : undefined);
  if (versionProblem) return versionProblem;
  if (!known) return `kind must be one of ${pluginKinds.join(', ')} (got ${JSON.stringify(kind)})`;
  const result = kindSchemas[kind as PluginKind].safeParse(value);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue?.message ?? 'invalid'}`;
}

export function isConduitPlugin(value: unknown): value is ConduitPlugin {
  return validatePlugin(value) === undefined;
}
