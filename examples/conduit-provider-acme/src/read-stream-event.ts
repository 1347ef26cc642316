/**
 * Checks one parsed stream line against Acme's event shapes. Unknown event types are skipped (Acme may
 * add some); a known type with missing fields is an invalid answer.
 */
import { ProviderError } from '@conduit/plugin-api';
import type { AcmeStreamEvent } from './acme-api.ts';
import { isFailure } from './map-acme-error.ts';

const requiredFields: Readonly<Record<AcmeStreamEvent['type'], Readonly<Record<string, 'string' | 'number' | 'object'>>>> = {
  'generation.start': { id: 'string', model: 'string' },
  'text.delta': { text: 'string' },
  'tool_call.start': { call_index: 'number', call_id: 'string', tool: 'string' },
  'tool_call.delta': { call_index: 'number', input_json: 'string' },
  'generation.end': { stop_reason: 'string' },
  ping: {},
  error: { failure: 'object' },
};

export function readStreamEvent(value: unknown): AcmeStreamEvent | undefined {
  const event = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const type = event.type;
  if (typeof type !== 'string' || !Object.hasOwn(requiredFields, type)) return undefined;
  for (const [field, kind] of Object.entries(requiredFields[type as AcmeStreamEvent['type']])) {
    if (typeof event[field] !== kind || event[field] === null) invalid(`a "${type}" event without ${field}`);
  }
  if (type === 'error' && !isFailure(event.failure)) invalid('an "error" event without a readable failure');
  return event as unknown as AcmeStreamEvent;
}

function invalid(what: string): never {
  throw new ProviderError({ code: 'invalid_response', message: `Acme AI sent ${what}` });
}
