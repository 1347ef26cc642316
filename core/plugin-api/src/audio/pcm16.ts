/**
 * PCM 16-bit little-endian mono, the Realtime protocol's `audio/pcm` and most providers' raw audio.
 * Helpers take and return bytes (`Uint8Array`), as frames arrive on a socket.
 */

/** Bytes per PCM16 sample. */
export const PCM16_BYTES_PER_SAMPLE = 2;

/** The samples of PCM16 bytes; an odd trailing byte is ignored (a caller keeps it for the next frame). */
export function pcm16Samples(bytes: Uint8Array): Int16Array {
  const count = Math.floor(bytes.byteLength / 2);
  const out = new Int16Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * 2);
  for (let i = 0; i < count; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}

/** Little-endian bytes of samples. */
export function pcm16Bytes(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, samples[i], true);
  return out;
}

/** Seconds of audio in `byteCount` bytes of PCM16 mono at `rate` Hz. */
export function pcm16Seconds(byteCount: number, rate: number): number {
  if (!(rate > 0)) throw new RangeError(`sample rate must be positive (got ${rate})`);
  return Math.floor(byteCount / PCM16_BYTES_PER_SAMPLE) / rate;
}

/**
 * Resamples PCM16 from `fromRate` to `toRate` by linear interpolation between neighbouring samples.
 * It adds no low-pass filter: downsampling may alias content above the new Nyquist frequency,
 * which is inaudible enough for speech between 8, 16, 24 and 48 kHz and keeps the cost per sample
 * to a few operations. Each call is independent (no state between chunks): chunk edges are exact
 * at integer ratios (24 kHz ↔ 8 kHz, 48 kHz ↔ 24 kHz); at others (16 kHz ↔ 24 kHz) the
 * output length rounds per chunk. Use `createPcm16Resampler` for a stream of chunks.
 */
export function resamplePcm16(samples: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (!(fromRate > 0) || !(toRate > 0)) throw new RangeError(`sample rates must be positive (got ${fromRate}, ${toRate})`);
  if (fromRate === toRate || samples.length === 0) return samples.slice();
  const outLength = Math.max(1, Math.round((samples.length * toRate) / fromRate));
  const out = new Int16Array(outLength);
  const step = fromRate / toRate;
  const last = samples.length - 1;
  for (let i = 0; i < outLength; i++) {
    const position = i * step;
    const index = Math.floor(position);
    if (index >= last) {
      out[i] = samples[last];
      continue;
    }
    const fraction = position - index;
    out[i] = Math.round(samples[index] + (samples[index + 1] - samples[index]) * fraction);
  }
  return out;
}

/**
 * A resampler for a stream of PCM16 byte chunks (linear interpolation, as `resamplePcm16`): it keeps
 * the odd byte, the last sample and the fractional position between chunks, so the output of many
 * small chunks equals that of their concatenation and its total length tracks
 * `input × toRate / fromRate` without drift. Output between a chunk's last sample and the next
 * chunk's first waits for the next chunk (under one input sample's worth).
 */
export function createPcm16Resampler(fromRate: number, toRate: number): (chunk: Uint8Array) => Uint8Array {
  if (!(fromRate > 0) || !(toRate > 0)) throw new RangeError(`sample rates must be positive (got ${fromRate}, ${toRate})`);
  let pendingByte: number | undefined;
  let previous: number | undefined; // the last input sample of the previous chunk
  // The next output sample's position in input samples, relative to the chunk start, in units of
  // 1/toRate: integers, so chunking cannot change the rounding.
  let position = 0;
  return (chunk) => {
    let bytes = chunk;
    if (pendingByte !== undefined) {
      bytes = new Uint8Array(chunk.byteLength + 1);
      bytes[0] = pendingByte;
      bytes.set(chunk, 1);
      pendingByte = undefined;
    }
    if (bytes.byteLength % 2 === 1) pendingByte = bytes[bytes.byteLength - 1];
    const input = pcm16Samples(bytes);
    if (fromRate === toRate) return pcm16Bytes(input);
    // Sample -1 is the previous chunk's last one, so interpolation spans chunk edges.
    const at = (index: number): number => (index < 0 ? (previous ?? input[0]) : input[index]);
    const out: number[] = [];
    const last = input.length - 1;
    while (input.length > 0) {
      const index = Math.floor(position / toRate);
      const remainder = position - index * toRate;
      // Between this chunk's last sample and the next chunk's first: wait for the next chunk.
      if (index > last || (index === last && remainder > 0)) break;
      const a = at(index);
      const b = remainder > 0 ? at(index + 1) : a;
      out.push(Math.round(a + ((b - a) * remainder) / toRate));
      position += fromRate;
    }
    if (input.length > 0) {
      previous = input[last];
      position -= input.length * toRate;
    }
    return pcm16Bytes(Int16Array.from(out));
  };
}
