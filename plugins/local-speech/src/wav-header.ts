/**
 * espeak-ng's `--stdout` WAV has placeholder sizes (it streams); once the whole file is here, the
 * RIFF and data sizes are set to the real ones so every reader accepts it.
 */
export function fixWavSizes(wav: Buffer): Buffer {
  if (wav.length < 44 || wav.toString('latin1', 0, 4) !== 'RIFF') return wav;
  const data = wav.indexOf('data', 12, 'latin1');
  if (data < 0) return wav;
  wav.writeUInt32LE(wav.length - 8, 4);
  wav.writeUInt32LE(wav.length - data - 8, data + 4);
  return wav;
}
