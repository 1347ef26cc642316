/**
 * The JSON text of a stream chunk as the client gets it: the upstream's own text when the plugin
 * parsed the chunk and left it unchanged (see `rawJson` in the plugin API), else `JSON.stringify`;
 * without `usage` when the client did not ask for usage. Undefined when nothing is left to send.
 */
import { type Usage } from '@conduit/plugin-api';
import { rawJsonOf } from '@conduit/plugin-api/internal';

export interface StreamChunk {
  usage?: Usage | null;
  choices: readonly unknown[];
}

export function streamChunkJson(chunk: StreamChunk, includeUsage: boolean): string | undefined {
  const raw = rawJsonOf(chunk);
  if (includeUsage || chunk.usage === undefined) return raw ?? JSON.stringify(chunk);
  // The usage chunk itself, which the client did not ask for.
  if (chunk.choices.length === 0) return undefined;
  if (raw !== undefined && chunk.usage === null) {
    const stripped = withoutNullUsage(raw);
    if (stripped !== undefined) return stripped;
  }
  const out: StreamChunk = { ...chunk };
  delete out.usage;
  return JSON.stringify(out);
}

/** How an OpenAI-compatible chunk ends when usage was asked for and this chunk carries none. */
export const nullUsageTail = ',"usage":null}';

/**
 * Drops `"usage":null` from text that ends with it (the way OpenAI-compatible upstreams send every
 * chunk when usage was asked for). Ending the text, it is a member of the top-level object: the quote
 * after the comma cannot be inside a string (it would be escaped) nor close one (`usage"` could not
 * follow). It must also be the only `"usage"` in the text, or a duplicate key would be left behind.
 */
export function withoutNullUsage(raw: string): string | undefined {
  if (!raw.endsWith(nullUsageTail)) return undefined;
  const at = raw.length - nullUsageTail.length;
  if (raw.indexOf('"usage"') !== at + 1) return undefined;
  return `${raw.slice(0, at)}}`;
}
