/**
 * Frees an ArrayBuffer's memory now instead of at the next full garbage collection. Node has no
 * `free`; transferring the buffer into a message on a port that is then closed detaches it (every
 * view of it reads as empty from then on) and drops its memory with the unread message. An idle
 * gateway may run no full collection for minutes, and until then a finished upload's bytes stay
 * resident.
 */
import { MessageChannel } from 'node:worker_threads';

export function freeArrayBuffer(buffer: ArrayBufferLike): void {
  // A shared buffer cannot be detached (and is not this one's to free).
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength === 0) return;
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(buffer, [buffer]);
  port1.close();
  port2.close();
}
