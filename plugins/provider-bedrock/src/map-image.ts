/** An OpenAI image part as a Converse image block. Bedrock takes image bytes only, never URLs. */
import { ProviderError } from '@conduit/plugin-api';
import type { ConverseContentBlock, ConverseImageFormat } from './converse-types.ts';

const formats: Record<string, ConverseImageFormat> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

export function mapImage(url: string): ConverseContentBlock {
  const match = /^data:([^;,]+)((?:;[^;,]*)*);base64,(.*)$/s.exec(url);
  if (!match) {
    throw new ProviderError({
      code: 'unsupported',
      message: /^https?:/i.test(url)
        ? 'Bedrock does not fetch image URLs; send the image as a base64 data URL (data:image/png;base64,...)'
        : 'The image is not a base64 data URL (data:image/png;base64,...)',
      param: 'messages',
    });
  }
  const mediaType = match[1]!.toLowerCase();
  const format = formats[mediaType];
  if (!format) {
    throw new ProviderError({
      code: 'unsupported',
      message: `Bedrock takes PNG, JPEG, GIF and WebP images, not ${mediaType}`,
      param: 'messages',
    });
  }
  return { image: { format, source: { bytes: match[3]!.replace(/\s+/g, '') } } };
}
