/** The content type of each speech format OpenAI's `response_format` names (`pcm`: raw s16le, 24 kHz). */
const contentTypes: Readonly<Record<string, string>> = {
  mp3: 'audio/mpeg',
  opus: 'audio/ogg; codecs=opus',
  aac: 'audio/aac',
  flac: 'audio/flac',
  wav: 'audio/wav',
  pcm: 'audio/pcm',
};

export function speechContentType(format: string): string {
  return contentTypes[format] ?? 'application/octet-stream';
}
