/**
 * One OpenAI user content part -> one Gemini part: text, images (data URL -> inlineData, http(s) URL ->
 * fileData), audio and inline files.
 */
import type { UserContentPart } from '@conduit/plugin-api';
import type { GeminiPart } from './gemini-api.ts';
import { guessMimeType } from './guess-mime-type.ts';
import { unsupported } from './unsupported.ts';

export function mapContentPart(part: UserContentPart, param: string): GeminiPart {
  switch (part.type) {
    case 'text':
      return { text: part.text };
    case 'image_url':
      return mapUrl(part.image_url.url, 'image/jpeg', param);
    case 'input_audio':
      return { inlineData: { mimeType: audioMimeType(part.input_audio.format), data: part.input_audio.data } };
    case 'file': {
      const { file_data: fileData, filename } = part.file;
      if (!fileData) throw unsupported('Gemini cannot read OpenAI file ids; send the file inline as file_data', param);
      return mapUrl(fileData, filename ? guessMimeType(filename, 'application/pdf') : 'application/pdf', param);
    }
    default:
      throw unsupported(`Content parts of type "${(part as { type?: string }).type}" are not supported by Gemini`, param);
  }
}

function mapUrl(url: string, fallbackMimeType: string, param: string): GeminiPart {
  if (url.startsWith('data:')) {
    const inline = parseDataUrl(url);
    if (!inline) throw unsupported('The data URL is malformed', param);
    return { inlineData: inline };
  }
  if (/^https?:\/\//i.test(url) || url.startsWith('gs://')) {
    return { fileData: { fileUri: url, mimeType: guessMimeType(url, fallbackMimeType) } };
  }
  throw unsupported('Only data: and http(s) URLs can be sent to Gemini', param);
}

/** `data:<mime>[;base64],<data>` -> base64 data with its media type. */
export function parseDataUrl(url: string): { mimeType: string; data: string } | undefined {
  const comma = url.indexOf(',');
  if (comma === -1) return undefined;
  const meta = url.slice(5, comma).split(';');
  const mimeType = meta[0] || 'text/plain';
  const payload = url.slice(comma + 1);
  if (meta.includes('base64')) return { mimeType, data: payload };
  try {
    return { mimeType, data: Buffer.from(decodeURIComponent(payload), 'utf8').toString('base64') };
  } catch {
    return undefined;
  }
}

function audioMimeType(format: string): string {
  if (format === 'mp3') return 'audio/mp3';
  if (format === 'wav') return 'audio/wav';
  return `audio/${format}`;
}
