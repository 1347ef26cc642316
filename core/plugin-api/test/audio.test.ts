import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  alawToLinear,
  audioFromBase64,
  audioToBase64,
  base64AudioByteLength,
  createAudioConverter,
  createAudioSecondsCounter,
  createPcm16Resampler,
  decodeG711,
  encodeG711,
  linearToAlaw,
  linearToMulaw,
  mulawToLinear,
  pcm16Bytes,
  pcm16Samples,
  pcm16Seconds,
  resamplePcm16,
} from '../src/index.ts';

test('PCM16 bytes are little-endian', () => {
  const bytes = pcm16Bytes(Int16Array.from([1, -1, 0x1234, -32768]));
  assert.equal([...bytes], [0x01, 0x00, 0xff, 0xff, 0x34, 0x12, 0x00, 0x80]);
  assert.equal([...pcm16Samples(bytes)], [1, -1, 0x1234, -32768]);
  assert.equal([...pcm16Samples(Uint8Array.from([1, 0, 7]))], [1], 'an odd trailing byte is left out');
});

test('μ-law known vectors (ITU-T G.711 / g711.c)', () => {
  assert.is(linearToMulaw(0), 0xff);
  assert.is(linearToMulaw(-1), 0x7f);
  assert.is(linearToMulaw(32767), 0x80);
  assert.is(linearToMulaw(-32768), 0x00);
  assert.is(mulawToLinear(0xff), 0);
  assert.is(mulawToLinear(0x80), 32124);
  assert.is(mulawToLinear(0x00), -32124);
  assert.is(mulawToLinear(0xf0), 0x78 + 0x84 - 0x84 - 0, 'segment 0, mantissa 15 → 120');
});

test('A-law known vectors (ITU-T G.711 / g711.c)', () => {
  assert.is(linearToAlaw(0), 0xd5);
  assert.is(linearToAlaw(-1), 0x55);
  assert.is(linearToAlaw(32767), 0xaa);
  assert.is(linearToAlaw(-32768), 0x2a);
  assert.is(alawToLinear(0xd5), 8);
  assert.is(alawToLinear(0x55), -8);
  assert.is(alawToLinear(0xaa), 32256);
  assert.is(alawToLinear(0x2a), -32256);
});

test('G.711 round trips stay within the quantisation step of each segment', () => {
  for (const law of ['mulaw', 'alaw'] as const) {
    const samples = Int16Array.from({ length: 2001 }, (_, i) => (i - 1000) * 32);
    const back = decodeG711(encodeG711(samples, law), law);
    for (let i = 0; i < samples.length; i++) {
      const error = Math.abs(back[i] - samples[i]);
      assert.ok(error <= Math.max(16, Math.abs(samples[i]) / 16), `${law} ${samples[i]} → ${back[i]}`);
    }
  }
});

test('resampling 8 kHz → 24 kHz interpolates linearly, and back picks every third sample', () => {
  const up = resamplePcm16(Int16Array.from([0, 300, 600]), 8000, 24000);
  assert.equal([...up], [0, 100, 200, 300, 400, 500, 600, 600, 600]);
  assert.equal([...resamplePcm16(up, 24000, 8000)], [0, 300, 600]);
});

test('resampling 24 kHz ↔ 16 kHz keeps the duration and the shape of a sine', () => {
  const sine = Int16Array.from({ length: 2400 }, (_, i) => Math.round(10000 * Math.sin((2 * Math.PI * 440 * i) / 24000)));
  const down = resamplePcm16(sine, 24000, 16000);
  assert.is(down.length, 1600);
  for (let i = 0; i < down.length; i += 97) {
    const expected = 10000 * Math.sin((2 * Math.PI * 440 * i) / 16000);
    assert.ok(Math.abs(down[i] - expected) < 300, `sample ${i}: ${down[i]} vs ${expected}`);
  }
  assert.is(resamplePcm16(down, 16000, 24000).length, 2400);
});

test('the streaming resampler gives the same samples for any chunking, odd bytes included', () => {
  const samples = Int16Array.from({ length: 1601 }, (_, i) => (i * 37) % 2000 - 1000);
  const bytes = pcm16Bytes(samples);
  const whole = createPcm16Resampler(16000, 24000)(bytes);
  const chunked = createPcm16Resampler(16000, 24000);
  const parts: number[] = [];
  for (let at = 0; at < bytes.length; at += 333) parts.push(...chunked(bytes.subarray(at, at + 333)));
  assert.ok(parts.length === whole.length && parts.every((byte, i) => byte === whole[i]), 'chunked output differs from whole');
  assert.is(whole.length / 2, 2401);
});

test('base64 framing round trips and refuses garbage', () => {
  const bytes = Uint8Array.from([0, 1, 2, 250, 251, 252, 253]);
  assert.is(audioToBase64(bytes), 'AAEC+vv8/Q==');
  assert.equal([...audioFromBase64('AAEC+vv8/Q==')], [...bytes]);
  assert.equal([...audioToBase64(bytes.subarray(3, 5))], [...'+vs=']);
  assert.throws(() => audioFromBase64('not base64!'), /base64/);
});

test('the byte length of base64 audio is what decoding it gives, padded or not, without decoding', () => {
  for (let length = 0; length <= 9; length += 1) {
    const bytes = Uint8Array.from({ length }, (_, index) => (index * 37 + 250) % 256);
    const padded = audioToBase64(bytes);
    for (const text of [padded, padded.replace(/=+$/, '')]) assert.is(base64AudioByteLength(text), audioFromBase64(text).length, `"${text}"`);
  }
  // Valid but not as the encoder writes it (non-zero trailing bits, a lone character, padding alone): accepted as audioFromBase64 accepts it.
  for (const text of ['Q', 'QUJDR', '=', '==', 'QR==', 'QUJ=', 'QR']) assert.is(base64AudioByteLength(text), audioFromBase64(text).length, `"${text}"`);
  const append = audioToBase64(Uint8Array.from({ length: 4800 }, (_, index) => index % 256));
  assert.is(base64AudioByteLength(append), 4800);
  assert.is(base64AudioByteLength(audioToBase64(new Uint8Array(60_000))), 60_000, 'beyond the scratch buffer');
  const garbage = ['not base64!', 'QQ==QQ==', 'AAE-', 'AA\nBB', 'QQ===', `${append.slice(0, 3000)}_${append.slice(3001)}`, `${append} `, `é${append.slice(1)}`];
  for (const text of garbage) assert.throws(() => base64AudioByteLength(text), /base64/, text.slice(0, 20));
});

test('a converter turns 24 kHz PCM into 8 kHz μ-law and back', () => {
  const toUlaw = createAudioConverter({ type: 'audio/pcm', rate: 24000 }, { type: 'audio/pcmu' });
  const pcm = pcm16Bytes(Int16Array.from({ length: 240 }, () => 1000));
  const ulaw = toUlaw(pcm);
  assert.is(ulaw.length, 80);
  const back = createAudioConverter({ type: 'audio/pcmu' }, { type: 'audio/pcm', rate: 24000 })(ulaw);
  // 80 samples at 8 kHz span 79 intervals: 237 output samples, plus the first; the rest waits for more input.
  assert.is(back.length, 476);
  for (const sample of pcm16Samples(back)) assert.ok(Math.abs(sample - 1000) < 40, String(sample));
});

test('audio seconds from byte counts', () => {
  assert.is(pcm16Seconds(48000, 24000), 1);
  assert.is(pcm16Seconds(3201, 16000), 0.1);
  const counter = createAudioSecondsCounter(2 * 24000);
  counter.add(4800);
  counter.add(4800);
  assert.is(counter.take(), 0.2);
  assert.is(counter.take(), 0);
  counter.add(24000);
  assert.is(counter.take(), 0.5);
  assert.is(counter.totalSeconds, 0.7);
  assert.throws(() => createAudioSecondsCounter(0), /positive/);
});

test.run();
