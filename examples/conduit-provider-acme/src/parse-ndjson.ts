/**
 * Newline-delimited JSON over a byte stream: one value per line, lines split across network chunks at
 * any byte (even inside a multi-byte character), blank lines and a missing final newline tolerated.
 */
import { ProviderError } from '@conduit/plugin-api';

export async function* parseNdjson(body: AsyncIterable<Uint8Array>): AsyncGenerator<unknown> {
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  for await (const piece of body) {
    buffer += decoder.decode(piece, { stream: true });
    let newline = buffer.indexOf('\n');
    while (newline !== -1) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line.trim() !== '') yield parseLine(line);
      newline = buffer.indexOf('\n');
    }
  }
  buffer += decoder.decode();
  if (buffer.trim() !== '') yield parseLine(buffer);
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw new ProviderError({ code: 'invalid_response', message: 'Acme AI sent a stream line that is not JSON', cause: error });
  }
}
