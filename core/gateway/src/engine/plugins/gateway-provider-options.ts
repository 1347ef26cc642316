/**
 * Provider options the gateway itself reads, beside the plugin's own: they are checked here, never
 * against the plugin's `optionsSchema` (which would refuse a key it does not know), and never reach
 * the plugin. So far one: `audioHealthCheck`, the opt-in to audio health checks.
 */
import { z } from 'zod';

/**
 * Audio health checks cost money (a short synthesis and a transcription), so a provider opts in and
 * names the models that are billed for them.
 */
export interface AudioHealthCheckOption {
  /** The provider model synthesising a short phrase. */
  speechModel?: string;
  /** The provider model transcribing a bundled clip. */
  transcriptionModel?: string;
  /** The voice of the synthesis; default: the model's default voice, else its first. */
  voice?: string;
  /** How often, in minutes (default 30); never more often than the health check interval. */
  everyMinutes?: number;
}

export interface GatewayProviderOptions {
  audioHealthCheck?: AudioHealthCheckOption;
}

export const defaultAudioHealthCheckMinutes = 30;

const audioHealthCheckSchema = z
  .object({
    speechModel: z.string().trim().min(1, 'must not be empty').optional(),
    transcriptionModel: z.string().trim().min(1, 'must not be empty').optional(),
    voice: z.string().trim().min(1, 'must not be empty').optional(),
    everyMinutes: z.number().positive('must be more than 0').max(7 * 24 * 60, 'must be at most a week').optional(),
  })
  .strict()
  .refine((value) => value.speechModel !== undefined || value.transcriptionModel !== undefined, {
    message: 'names no model to check: set speechModel, transcriptionModel or both',
  });

const gatewayOptionsSchema = z.object({ audioHealthCheck: audioHealthCheckSchema.optional() });

const gatewayKeys: ReadonlySet<string> = new Set(Object.keys(gatewayOptionsSchema.shape));

/** The options split into the plugin's and the gateway's. */
export function splitProviderOptions(options: Readonly<Record<string, unknown>>): { plugin: Record<string, unknown>; gateway: Record<string, unknown> } {
  const plugin: Record<string, unknown> = {};
  const gateway: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(options)) (gatewayKeys.has(name) ? gateway : plugin)[name] = value;
  return { plugin, gateway };
}

/** The first problem with the gateway's options, as `{ field, message }` (field like `options.audioHealthCheck.voice`). */
export function gatewayOptionsProblem(gateway: Readonly<Record<string, unknown>>): { field: string; message: string } | undefined {
  const parsed = gatewayOptionsSchema.safeParse(gateway);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0]!;
  const unknownKey = issue.code === 'unrecognized_keys' ? `.${issue.keys[0]}` : '';
  const field = ['options', ...issue.path.map(String)].join('.') + unknownKey;
  return { field, message: issue.code === 'unrecognized_keys' ? 'is not a setting of audioHealthCheck' : issue.message };
}

/** The gateway's options of a stored provider; a value that does not parse is left out (admin writes refuse it). */
export function readGatewayOptions(options: Readonly<Record<string, unknown>>): GatewayProviderOptions {
  const parsed = gatewayOptionsSchema.safeParse(splitProviderOptions(options).gateway);
  return parsed.success ? parsed.data : {};
}
