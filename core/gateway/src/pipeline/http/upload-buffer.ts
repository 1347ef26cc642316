/**
 * An upload's bytes, held once in one allocation and freed as soon as the request is done with them.
 *
 * Held as the chunks they arrived in (a few hundred 64 KB buffers per 25 MB), twenty concurrent uploads
 * left the gateway's RSS at its peak long after they finished: the chunks waited for a full
 * collection an idle process does not run, and once collected their memory stayed with glibc's heap
 * (freed pages between live ones are not returned). One buffer per upload, sized from the declared
 * length, is a single mapping that is unmapped when freed — and it is freed explicitly, once nothing
 * reads it any more (see free-array-buffer.ts).
 */
import { freeArrayBuffer } from './free-array-buffer.ts';

/**
 * glibc serves an allocation of 32 MiB or more (its largest dynamic mmap threshold on 64-bit) from a
 * mapping of its own, unmapped when freed; a smaller large one lands in the heap once freeing a
 * mapping has raised the threshold, and stays resident there. Pages never written are not resident,
 * so reserving 32 MiB for a 25 MB file costs 25 MB.
 */
const ownMappingBytes = 32 * 1024 * 1024;
/** Below this an upload is held at its size: small enough that where glibc puts it does not matter. */
const smallBytes = 1024 * 1024;
/** Each read hands out views of this size, so that the writer's backpressure applies between them. */
const sliceBytes = 1024 * 1024;

function capacityFor(bytes: number): number {
  return bytes > smallBytes ? Math.max(bytes, ownMappingBytes) : bytes;
}

export class UploadBuffer {
  private buffer: Buffer;
  private held = 0;
  private readers = 0;
  private released = false;

  /** `expectedBytes`: the request's declared length, when it has one; `maxBytes`: the file limit. */
  constructor(expectedBytes: number | undefined, private readonly maxBytes: number) {
    const initial = expectedBytes !== undefined && Number.isFinite(expectedBytes) ? Math.min(expectedBytes, maxBytes) : Math.min(maxBytes, ownMappingBytes);
    this.buffer = Buffer.allocUnsafeSlow(capacityFor(Math.max(0, initial)));
  }

  get bytes(): number {
    return this.held;
  }

  append(chunk: Uint8Array): void {
    if (this.released) throw new Error('the upload was released');
    const needed = this.held + chunk.length;
    if (needed > this.buffer.length) {
      if (needed > this.maxBytes) throw new Error(`the upload is larger than ${this.maxBytes} bytes`);
      // Only without a declared length: grow by doubling (one copy each time), never past the limit.
      const grown = Buffer.allocUnsafeSlow(capacityFor(Math.min(this.maxBytes, Math.max(needed, this.buffer.length * 2))));
      this.buffer.copy(grown, 0, 0, this.held);
      freeArrayBuffer(this.buffer.buffer);
      this.buffer = grown;
    }
    this.buffer.set(chunk, this.held);
    this.held = needed;
  }

  /** A copy of the first bytes (for recognising the format). */
  head(bytes: number): Buffer {
    return Buffer.from(this.buffer.subarray(0, Math.min(bytes, this.held)));
  }

  /**
   * The bytes from the start, as views of the buffer. The buffer is not freed while a read is under
   * way: a socket or pipe may still be writing the last view handed out until the reader asks for
   * the next or returns.
   */
  async *read(): AsyncGenerator<Uint8Array> {
    if (this.released) throw new Error('the upload was released');
    this.readers++;
    try {
      for (let at = 0; at < this.held; at += sliceBytes) {
        if (this.released) throw new Error('the upload was released');
        yield this.buffer.subarray(at, Math.min(this.held, at + sliceBytes));
      }
    } finally {
      this.readers--;
      if (this.released && this.readers === 0) this.free();
    }
  }

  /** The request is done with the upload: its memory goes back now, or when the last read ends. */
  release(): void {
    if (this.released) return;
    this.released = true;
    if (this.readers === 0) this.free();
  }

  private free(): void {
    freeArrayBuffer(this.buffer.buffer);
  }
}
