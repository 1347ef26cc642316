/**
 * A body's pieces handed out with a turn of the event loop after every `bytesPerTurn`: a socket to a
 * fast peer takes megabytes without waiting, so a writer looping over an array (undici's does, one
 * microtask a piece) would send all of it in one stretch — the kernel's copy of each write counts
 * against the writing thread, ~10 ms for 30 MB on loopback, during which no other request moves.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Bytes handed out between two turns of the event loop. */
const bytesPerTurn = 256 * 1024;

export async function* piecesInTurns(pieces: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  let sinceTurn = 0;
  for (const piece of pieces) {
    if (sinceTurn >= bytesPerTurn) {
      sinceTurn = 0;
      await nextTurn();
    }
    yield piece;
    sinceTurn += piece.length;
  }
}
