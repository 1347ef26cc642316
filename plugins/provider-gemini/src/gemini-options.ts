/**
 * The non-secret settings of a Gemini provider record: safety thresholds applied to every request and
 * extra headers (e.g. for a proxy in front of the API).
 */
import type { JsonSchema } from '@conduit/plugin-api';
import type { GeminiSafetySetting } from './gemini-api.ts';

export interface GeminiOptions {
  safetySettings?: GeminiSafetySetting[];
  headers?: Record<string, string>;
}

export const geminiOptionsSchema: JsonSchema = {
  type: 'object',
  properties: {
    safetySettings: {
      type: 'array',
      title: 'Safety settings (sent as safetySettings with every request)',
      items: {
        type: 'object',
        properties: {
          category: { type: 'string', title: 'Harm category, e.g. HARM_CATEGORY_HARASSMENT' },
          threshold: { type: 'string', title: 'Threshold, e.g. BLOCK_ONLY_HIGH or OFF' },
        },
        required: ['category', 'threshold'],
        additionalProperties: false,
      },
    },
    headers: { type: 'object', title: 'Extra headers', additionalProperties: { type: 'string' } },
  },
  additionalProperties: false,
};

export function readGeminiOptions(options: Readonly<Record<string, unknown>>): GeminiOptions {
  const out: GeminiOptions = {};
  if (Array.isArray(options.safetySettings)) {
    out.safetySettings = options.safetySettings.filter(
      (item): item is GeminiSafetySetting =>
        typeof item === 'object' &&
        item !== null &&
        typeof (item as GeminiSafetySetting).category === 'string' &&
        typeof (item as GeminiSafetySetting).threshold === 'string',
    );
  }
  if (options.headers && typeof options.headers === 'object') {
    out.headers = Object.fromEntries(
      Object.entries(options.headers as Record<string, unknown>).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
  }
  return out;
}
