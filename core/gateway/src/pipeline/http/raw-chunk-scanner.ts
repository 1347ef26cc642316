/**
 * Looks into a stream event relayed as raw JSON text (see raw-json-events.ts in the plugin API)
 * without parsing it: one pass of one regular expression finds the output keys (whose string values
 * are the text delivered, for the usage estimate) and `usage`. A quote that is not escaped is always
 * structural in JSON, so `"key"` followed by a colon is a key. Anything unexpected (usage that is not
 * null, an unterminated string) says "parse it" instead: the scanner may only err towards parsing.
 */
export class RawChunkScanner {
  private readonly pattern: RegExp;
  /** The output text of the last chunk scanned. */
  output = '';
  /** Whether the last chunk scanned holds `"usage": null`. */
  nullUsage = false;

  constructor(outputKeys: readonly string[]) {
    // A relay per stream: the expression is compiled once per set of keys, not per stream.
    const cacheKey = outputKeys.join('\u0000');
    let pattern = patterns.get(cacheKey);
    if (pattern === undefined) {
      const names = [...outputKeys, 'usage'].map((key) => key.replace(/[^A-Za-z0-9_]/g, '\\$&'));
      pattern = new RegExp(`"(${names.join('|')})"[ \\t\\r\\n]*:[ \\t\\r\\n]*`, 'g');
      patterns.set(cacheKey, pattern);
    }
    // Shared between scanners: scan() sets its position (lastIndex) first and runs to the end synchronously.
    this.pattern = pattern;
  }

  /**
   * Whether the chunk carries output the client must see (text, a tool call, a refusal, a finish
   * reason), as the routes' `hasOutput` decides for parsed chunks; undefined when it must be parsed
   * to tell. Erring either way is harmless: a chunk wrongly held only delays the first byte.
   */
  hasOutput(text: string): boolean | undefined {
    if (!this.scan(text)) return undefined;
    return this.output !== '' || finishReason.test(text) || toolCalls.test(text) || refusal.test(text);
  }

  /** False when the chunk must be parsed: it may carry usage, or it is not what it seems. */
  scan(text: string): boolean {
    this.output = '';
    this.nullUsage = false;
    const pattern = this.pattern;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      const valueAt = pattern.lastIndex;
      if (match[1] === 'usage') {
        if (!text.startsWith('null', valueAt)) return false;
        this.nullUsage = true;
        continue;
      }
      if (text.charCodeAt(valueAt) !== 34 /* " */) continue;
      const end = closingQuote(text, valueAt + 1);
      if (end === -1) return false;
      const literal = text.slice(valueAt + 1, end);
      this.output += literal.indexOf('\\') === -1 ? literal : unescape(literal);
      pattern.lastIndex = end + 1;
    }
    return true;
  }
}

const patterns = new Map<string, RegExp>();

const finishReason = /"finish_reason"[ \t\r\n]*:[ \t\r\n]*"/;
const toolCalls = /"tool_calls"[ \t\r\n]*:[ \t\r\n]*\[[ \t\r\n]*\{/;
const refusal = /"refusal"[ \t\r\n]*:[ \t\r\n]*"[^"]/;

function closingQuote(text: string, from: number): number {
  for (let quote = text.indexOf('"', from); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 92 /* \ */) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
  return -1;
}

function unescape(literal: string): string {
  try {
    return JSON.parse(`"${literal}"`) as string;
  } catch {
    return literal;
  }
}
