/**
 * G.711 μ-law (`audio/pcmu`) and A-law (`audio/pcma`), 8 kHz, one byte per sample, as ITU-T G.711
 * defines them (the segment tables of the reference implementation, g711.c by Sun Microsystems).
 */

const MULAW_BIAS = 0x84;
const MULAW_CLIP = 32635;

export function linearToMulaw(sample: number): number {
  let pcm = Math.max(-32768, Math.min(32767, Math.trunc(sample)));
  const sign = pcm < 0 ? 0x80 : 0;
  if (pcm < 0) pcm = -pcm;
  if (pcm > MULAW_CLIP) pcm = MULAW_CLIP;
  pcm += MULAW_BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (pcm & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (pcm >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

export function mulawToLinear(byte: number): number {
  const value = ~byte & 0xff;
  const sign = value & 0x80;
  const exponent = (value >> 4) & 0x07;
  const mantissa = value & 0x0f;
  const magnitude = (((mantissa << 3) + MULAW_BIAS) << exponent) - MULAW_BIAS;
  return sign ? -magnitude : magnitude;
}

export function linearToAlaw(sample: number): number {
  let pcm = Math.max(-32768, Math.min(32767, Math.trunc(sample)));
  let mask: number;
  if (pcm >= 0) {
    mask = 0xd5;
  } else {
    mask = 0x55;
    pcm = -pcm - 1;
  }
  const boundaries = [0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff, 0x3fff, 0x7fff];
  let segment = 0;
  while (segment < 8 && pcm > boundaries[segment]) segment++;
  if (segment >= 8) return 0x7f ^ mask;
  let encoded = segment << 4;
  encoded |= segment < 2 ? (pcm >> 4) & 0x0f : (pcm >> (segment + 3)) & 0x0f;
  return encoded ^ mask;
}

export function alawToLinear(byte: number): number {
  const value = byte ^ 0x55;
  let magnitude = (value & 0x0f) << 4;
  const segment = (value & 0x70) >> 4;
  if (segment === 0) magnitude += 8;
  else if (segment === 1) magnitude += 0x108;
  else magnitude = (magnitude + 0x108) << (segment - 1);
  return value & 0x80 ? magnitude : -magnitude;
}

/** PCM16 samples → G.711 bytes. */
export function encodeG711(samples: Int16Array, law: 'mulaw' | 'alaw'): Uint8Array {
  const encode = law === 'mulaw' ? linearToMulaw : linearToAlaw;
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = encode(samples[i]);
  return out;
}

/** G.711 bytes → PCM16 samples. */
export function decodeG711(bytes: Uint8Array, law: 'mulaw' | 'alaw'): Int16Array {
  const decode = law === 'mulaw' ? mulawToLinear : alawToLinear;
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = decode(bytes[i]);
  return out;
}
