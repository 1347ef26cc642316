/**
 * A plugin's stream chunk, checked before the relay reads it: an object with a `choices` list (both
 * chat and completions chunks have one). Anything else (null, a string, a number) is a plugin or
 * upstream bug that must fail the stream as an `invalid_response`, not crash the relay.
 */
import { ProviderError } from '@conduit/plugin-api';

export function checkStreamChunk<Chunk>(value: unknown, providerName: string): Chunk {
  if (value !== null && typeof value === 'object' && Array.isArray((value as { choices?: unknown }).choices)) return value as Chunk;
  throw new ProviderError({
    code: 'invalid_response',
    message: `Provider ${providerName} sent a stream chunk that is not an object with a choices list`,
  });
}
