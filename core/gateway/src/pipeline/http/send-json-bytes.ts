/**
 * Sends an answer as the JSON bytes it was read from (see `rawJsonBytesOf` in the plugin API): a large
 * answer (base64 images) goes out as the pieces it came in, with its length, never joined, decoded or
 * serialised again. The pieces are written as the client takes them, with a turn of the event loop
 * between stretches (a fast client takes megabytes per write, and the kernel's copy counts against
 * this thread); a client that goes away ends the writing.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { RawJsonBytes } from '@conduit/plugin-api/internal';
import type { Exchange } from '../exchange.ts';
import { drainedOrClosed } from './drained-or-closed.ts';
import { setOverheadHeader } from './upstream-time.ts';

/** Bytes written between two turns of the event loop. */
const bytesPerTurn = 256 * 1024;

export async function sendJsonBytes(exchange: Exchange, bytes: RawJsonBytes, status = 200): Promise<void> {
  const { head, response } = exchange;
  head.set('content-type', 'application/json; charset=utf-8');
  head.set('content-length', String(bytes.byteLength));
  setOverheadHeader(exchange);
  head.writeTo(response, status);
  let sinceTurn = 0;
  for (const piece of bytes.pieces) {
    if (response.destroyed) return;
    if (sinceTurn >= bytesPerTurn) {
      sinceTurn = 0;
      await nextTurn();
    }
    sinceTurn += piece.length;
    if (!response.write(piece)) await drainedOrClosed(response);
  }
  if (!response.destroyed) response.end();
}
