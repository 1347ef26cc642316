/**
 * A transcription upload as the `openai` SDK sends it (the file part first, labelled
 * application/octet-stream, then model and response_format), built around one shared file buffer so
 * that twenty concurrent uploads cost the harness one copy of the file.
 */
export interface MultipartUpload {
  contentType: string;
  /** The parts before the file's bytes, the file, and the parts after it. */
  pieces: readonly Buffer[];
  bytes: number;
}

export function multipartUpload(file: Buffer, filename: string, fields: Record<string, string>, boundary = `----conduit-bench-${Math.random().toString(16).slice(2)}`): MultipartUpload {
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(
    Object.entries(fields)
      .map(([name, value]) => `\r\n--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}`)
      .join('') + `\r\n--${boundary}--\r\n`,
  );
  const pieces = [head, file, tail];
  return { contentType: `multipart/form-data; boundary=${boundary}`, pieces, bytes: pieces.reduce((sum, piece) => sum + piece.length, 0) };
}

/** A WAV file of exactly `bytes` bytes (16 kHz, 16-bit mono, a quiet tone), with a correct header. */
export function benchWav(bytes: number): Buffer {
  const wav = Buffer.alloc(bytes);
  const data = bytes - 44;
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + data, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(16_000, 24);
  wav.writeUInt32LE(32_000, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(data, 40);
  // One period of a 500 Hz tone, repeated: cheap to make, and not silence a decoder might skip.
  const period = Buffer.alloc(64);
  for (let i = 0; i < 32; i++) period.writeInt16LE(Math.round(3000 * Math.sin((2 * Math.PI * i) / 32)), i * 2);
  for (let at = 44; at < bytes; at += period.length) period.copy(wav, at, 0, Math.min(period.length, bytes - at));
  return wav;
}
