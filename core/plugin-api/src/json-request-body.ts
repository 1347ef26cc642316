/**
 * Serialises a request body for an upstream call. Where the gateway has marked a long string of the
 * client's request as verbatim (see `markVerbatimStrings` in `@conduit/plugin-api/internal`: a string
 * the gateway read from JSON without escapes, so its JSON text is its UTF-8 bytes between quotes), the
 * string is copied into the body as bytes instead of being scanned for characters to escape.
 * JSON.stringify takes ~7 ns a character on a long string — a 30 MB image 200 ms, during which no other
 * request moves — while the copy takes a few milliseconds. The result is the same JSON as
 * `JSON.stringify(payload)`; a plugin that calls JSON.stringify itself stays correct, only slower for
 * such bodies.
 */
import { randomBytes } from 'node:crypto';

/** Strings shorter than this are serialised by JSON.stringify: marking them would cost more than it saves. */
export const minVerbatimLength = 4096;

/** Marked strings, with how many requests in flight hold each (a string is its own key: Map looks long strings up by length and identity). */
const verbatim = new Map<string, number>();

/**
 * Marks strings whose JSON text is their UTF-8 bytes between quotes (no character in them needs
 * escaping) until the returned `release` is called (once): while marked, `jsonRequestBody` copies
 * them into upstream bodies as bytes. The gateway marks a request's long strings as it parses the
 * request and releases them when its response is finished.
 */
export function markVerbatimStrings(strings: readonly string[]): () => void {
  for (const value of strings) verbatim.set(value, (verbatim.get(value) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const value of strings) {
      const holders = verbatim.get(value)! - 1;
      if (holders === 0) verbatim.delete(value);
      else verbatim.set(value, holders);
    }
  };
}

/** The JSON text of `payload`: a string, or bytes when marked strings were copied in as bytes. */
export function jsonRequestBody(payload: unknown): string | Uint8Array {
  if (verbatim.size === 0) return JSON.stringify(payload);
  const strings: string[] = [];
  const nonce = randomBytes(9).toString('base64url');
  const text = JSON.stringify(payload, (_key: string, value: unknown) => {
    if (typeof value === 'string' && value.length >= minVerbatimLength && verbatim.has(value)) {
      strings.push(value);
      return `\u0000${nonce}`;
    }
    return value;
  });
  if (strings.length === 0) return text;
  // Each placeholder is serialised as "\u0000<nonce>" (JSON.stringify escapes the NUL), in the order
  // the replacer saw the strings.
  const placeholder = `"\\u0000${nonce}"`;
  const parts: Buffer[] = [];
  let from = 0;
  for (const value of strings) {
    const at = text.indexOf(placeholder, from);
    parts.push(Buffer.from(text.slice(from, at + 1)), Buffer.from(value, 'utf8'));
    from = at + placeholder.length - 1;
  }
  parts.push(Buffer.from(text.slice(from)));
  return Buffer.concat(parts);
}
