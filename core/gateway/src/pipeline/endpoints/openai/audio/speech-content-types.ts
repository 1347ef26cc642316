/** The content types of OpenAI's speech formats (`pcm`: raw 16-bit little-endian samples, 24 kHz mono). */
export const speechContentTypes: Readonly<Record<string, string>> = {
  mp3: 'audio/mpeg',
  opus: 'audio/ogg; codecs=opus',
  aac: 'audio/aac',
  flac: 'audio/flac',
  wav: 'audio/wav',
  pcm: 'audio/pcm',
};
