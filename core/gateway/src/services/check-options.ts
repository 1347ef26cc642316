/**
 * Checks provider options against the plugin's optionsSchema for what matters in practice: unknown
 * keys when the schema forbids them, and the primitive type of each declared property.
 */
import type { JsonSchema } from '@conduit/plugin-api';
import { InputError } from './input-error.ts';

export function checkOptions(options: Record<string, unknown>, schema: JsonSchema | undefined, field: string): void {
  if (!schema) return;
  const properties = (schema.properties ?? {}) as Record<string, { type?: string }>;
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  for (const name of required) {
    if (options[name] === undefined) throw new InputError(`${field}.${name}`, 'is required by this provider type');
  }
  for (const [name, value] of Object.entries(options)) {
    const property = properties[name];
    if (!property) {
      if (schema.additionalProperties === false) {
        const known = Object.keys(properties);
        throw new InputError(`${field}.${name}`, `is not an option of this provider type${known.length ? ` (known: ${known.join(', ')})` : ''}`);
      }
      continue;
    }
    const expected = property.type;
    const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
    const matches =
      expected === undefined ||
      expected === actual ||
      (expected === 'integer' && typeof value === 'number' && Number.isInteger(value)) ||
      (expected === 'object' && actual === 'object');
    if (!matches) throw new InputError(`${field}.${name}`, `must be of type ${expected}`);
  }
}
