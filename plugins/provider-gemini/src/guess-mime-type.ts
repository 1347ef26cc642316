/**
 * Guesses a media type from a URL's file extension. Gemini's `fileData` needs a `mimeType`, and an
 * OpenAI `image_url` carries none; an image part with an unknown extension is sent as JPEG, which
 * Gemini sniffs anyway.
 */
const byExtension: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  bmp: 'image/bmp',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  txt: 'text/plain',
  mp3: 'audio/mp3',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  flac: 'audio/flac',
  aac: 'audio/aac',
  mp4: 'video/mp4',
  mov: 'video/mov',
  webm: 'video/webm',
};

export function guessMimeType(url: string, fallback = 'image/jpeg'): string {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // Not an absolute URL: read the extension from the text as given.
  }
  const match = /\.([A-Za-z0-9]+)$/.exec(path.split(/[?#]/)[0] ?? '');
  const extension = match?.[1]?.toLowerCase();
  return (extension && byExtension[extension]) || fallback;
}
