/**
 * An upper bound on the duration of a base64 audio part, for reserving budget before the call: a WAV
 * file's length from its header's byte rate; any other format at 32 kbit/s, below the bit rate of
 * speech MP3s in practice, so the bound errs long.
 */
const lowestBytesPerSecond = 4000;

export function audioSecondsBound(base64: string, format: string): number {
  const bytes = Math.floor((base64.length * 3) / 4);
  if (format === 'wav' && base64.length >= 64) {
    const header = Buffer.from(base64.slice(0, 64), 'base64');
    if (header.toString('latin1', 0, 4) === 'RIFF' && header.toString('latin1', 8, 12) === 'WAVE') {
      const byteRate = header.readUInt32LE(28);
      if (byteRate > 0) return bytes / byteRate;
    }
  }
  return bytes / lowestBytesPerSecond;
}
