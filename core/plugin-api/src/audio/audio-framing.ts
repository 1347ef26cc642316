/**
 * Base64 ↔ binary framing of audio: the Realtime protocol carries audio as base64 inside JSON
 * (`input_audio_buffer.append.audio`, `response.output_audio.delta.delta`); some providers send raw
 * binary frames (Ultravox), others base64 in their own JSON (ElevenLabs).
 */
import { decodeG711, encodeG711 } from './g711.ts';
import { createPcm16Resampler, pcm16Bytes, pcm16Samples } from './pcm16.ts';
import type { RealtimeAudioFormat } from '../realtime-translator-plugin.ts';

const base64Text = /^[A-Za-z0-9+/]*={0,2}$/;

/** Base64 text (standard alphabet, padding optional) → bytes; throws a TypeError on other characters. */
export function audioFromBase64(text: string): Uint8Array {
  if (!base64Text.test(text)) throw new TypeError('audio is not valid base64');
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/** How many bytes base64 text (as `audioFromBase64` takes it) decodes to; throws a TypeError as it does. */
export function base64AudioByteLength(text: string): number {
  if (!isCanonicalBase64(text) && !base64Text.test(text)) throw new TypeError('audio is not valid base64');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor(((text.length - padding) * 3) / 4);
}

const scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * Whether `text` is exactly what the encoder makes of its bytes (or that without its padding): then
 * it is valid base64. Node's native decoder and encoder do this several times faster than the regular
 * expression on a realtime append (~6 KB); text they do not reproduce (invalid, or valid with non-zero
 * trailing bits) is left to the expression.
 */
function isCanonicalBase64(text: string): boolean {
  if (text.length > (scratch.length / 3) * 4) return false;
  const bytes = scratch.write(text, 'base64');
  const canonical = scratch.toString('base64', 0, bytes);
  if (canonical === text) return true;
  const unpadded = canonical.length - text.length;
  return unpadded > 0 && unpadded <= 2 && canonical.startsWith(text) && canonical.endsWith('='.repeat(unpadded));
}

export function audioToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The sample rate of a Realtime audio format (G.711 is 8 kHz; `audio/pcm` defaults to 24 kHz). */
export function realtimeFormatRate(format: RealtimeAudioFormat | undefined): number {
  if (!format || format.type === 'audio/pcm') return format?.rate ?? 24000;
  return 8000;
}

/**
 * A converter from a Realtime audio format (the client's) to PCM16 at `rate` (the provider's), or
 * back with `createAudioConverter(pcm, clientFormat)`: stateful across chunks, for one direction
 * of one session.
 */
export function createAudioConverter(from: RealtimeAudioFormat, to: RealtimeAudioFormat): (chunk: Uint8Array) => Uint8Array {
  const resample = createPcm16Resampler(realtimeFormatRate(from), realtimeFormatRate(to));
  const decode = (chunk: Uint8Array): Uint8Array =>
    from.type === 'audio/pcm' ? chunk : pcm16Bytes(decodeG711(chunk, from.type === 'audio/pcmu' ? 'mulaw' : 'alaw'));
  const encode = (chunk: Uint8Array): Uint8Array =>
    to.type === 'audio/pcm' ? chunk : encodeG711(pcm16Samples(chunk), to.type === 'audio/pcmu' ? 'mulaw' : 'alaw');
  return (chunk) => encode(resample(decode(chunk)));
}
