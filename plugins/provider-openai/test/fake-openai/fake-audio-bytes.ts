/**
 * Speech the fake "synthesises": a tone as long as the input would take to say, in the asked
 * format. WAV and PCM are real audio (24 kHz, 16-bit, mono); the compressed formats are their
 * format's magic bytes followed by filler, enough for clients that look at the start of a file.
 */
const rate = 24_000;

export function fakeSpeech(input: string, format: string): Buffer {
  const seconds = Math.min(30, Math.max(0.2, input.length * 0.06));
  const pcm = tone(seconds);
  switch (format) {
    case 'pcm':
      return pcm;
    case 'wav':
      return Buffer.concat([wavHeader(pcm.length), pcm]);
    case 'flac':
      return withMagic('fLaC', pcm.length / 4);
    case 'opus':
      return withMagic('OggS', pcm.length / 16);
    case 'aac':
      return withMagic(Buffer.from([0xff, 0xf1, 0x50, 0x80]), pcm.length / 12);
    default:
      return withMagic('ID3', pcm.length / 10);
  }
}

function tone(seconds: number): Buffer {
  const samples = Math.round(seconds * rate);
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  return pcm;
}

function wavHeader(dataBytes: number): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

function withMagic(magic: string | Buffer, size: number): Buffer {
  const head = typeof magic === 'string' ? Buffer.from(magic) : magic;
  const body = Buffer.alloc(Math.max(64, Math.round(size)), 0x55);
  head.copy(body, 0);
  return body;
}

/** Seconds of audio in an upload: exact for a WAV file, else estimated at 16 kB/s (128 kbit/s). */
export function uploadSeconds(bytes: Buffer): number {
  if (bytes.length >= 44 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WAVE') {
    const byteRate = bytes.readUInt32LE(28);
    if (byteRate > 0) return Math.round(((bytes.length - 44) / byteRate) * 100) / 100;
  }
  return Math.round((bytes.length / 16_000) * 100) / 100;
}
