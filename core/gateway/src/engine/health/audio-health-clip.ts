/**
 * The clip audio health checks transcribe: "Hello world." (0.78 s, 8 kHz 16-bit mono WAV, 12.5 kB),
 * made once with `espeak-ng -v en-us -s 170 -z -w hc.wav "Hello world."` and
 * `ffmpeg -i hc.wav -ar 8000 -ac 1 -c:a pcm_s16le -map_metadata -1 -fflags +bitexact -flags:a +bitexact audio-health-clip.wav`.
 * Small, so a paid transcription of it costs the least a provider bills.
 */
import { readFile } from 'node:fs/promises';
import type { AudioFile } from '@conduit/plugin-api';

export const audioHealthClipText = 'Hello world.';
const clipUrl = new URL('./audio-health-clip.wav', import.meta.url);
let clip: Promise<Buffer> | undefined;

/** A fresh upload of the clip (its body is read once per call). */
export async function audioHealthClip(): Promise<AudioFile> {
  clip ??= readFile(clipUrl);
  const bytes = await clip.catch((error: unknown) => {
    clip = undefined;
    throw error;
  });
  const byteRate = bytes.readUInt32LE(28);
  return {
    body: (async function* () {
      yield new Uint8Array(bytes);
    })(),
    filename: 'health-check.wav',
    format: 'wav',
    contentType: 'audio/wav',
    bytes: bytes.length,
    durationSeconds: byteRate > 0 ? (bytes.length - 44) / byteRate : undefined,
  };
}
