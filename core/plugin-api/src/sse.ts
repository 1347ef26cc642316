/**
 * Server-sent events, as the WHATWG spec defines them: a parser over a byte stream and an encoder.
 * The parser handles CRLF/CR/LF line ends, multi-line `data`, comments, and events split across
 * network chunks at any byte (including inside a multi-byte UTF-8 character).
 */
export interface SseEvent {
  /** The `event:` field; undefined means the default type, `message`. */
  event?: string;
  data: string;
  id?: string;
  retry?: number;
}

export async function* parseSse(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let event: string | undefined;
  let data: string[] = [];
  let id: string | undefined;
  let retry: number | undefined;
  let sawCr = false;

  const dispatch = (): SseEvent | undefined => {
    if (data.length === 0) {
      event = undefined;
      return undefined;
    }
    const out: SseEvent = { data: data.join('\n') };
    if (event !== undefined) out.event = event;
    if (id !== undefined) out.id = id;
    if (retry !== undefined) out.retry = retry;
    event = undefined;
    data = [];
    return out;
  };

  const processLine = (line: string): SseEvent | undefined => {
    if (line === '') return dispatch();
    if (line.charCodeAt(0) === 58 /* : */) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32 /* space */) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
    return undefined;
  };

  for await (const piece of body) {
    buffer += typeof piece === 'string' ? piece : decoder.decode(piece, { stream: true });
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const ch = buffer.charCodeAt(i);
      if (ch === 10 /* \n */) {
        if (sawCr && i === start) {
          // The \n of a \r\n pair whose \r ended the previous line.
          sawCr = false;
          start = i + 1;
          continue;
        }
        sawCr = false;
        const found = processLine(buffer.slice(start, i));
        start = i + 1;
        if (found) yield found;
      } else if (ch === 13 /* \r */) {
        sawCr = true;
        const found = processLine(buffer.slice(start, i));
        start = i + 1;
        if (found) yield found;
      } else {
        sawCr = false;
      }
    }
    buffer = buffer.slice(start);
  }
  buffer += decoder.decode();
  if (buffer.length > 0) processLine(buffer);
  // A stream that ends without a blank line still delivers its last event.
  const last = dispatch();
  if (last) yield last;
}

/** Encodes one event. `data` may contain newlines; each becomes its own `data:` line. */
export function formatSse(data: string, event?: string): string {
  const lines = data.includes('\n') ? data.split('\n').map((line) => `data: ${line}`).join('\n') : `data: ${data}`;
  return event === undefined ? `${lines}\n\n` : `event: ${event}\n${lines}\n\n`;
}
