/**
 * OpenAI user content (text, image_url, file) -> Anthropic content blocks. Images become `image`
 * blocks with a base64 source (data URLs) or a url source (http/https); PDF and plain-text files
 * given inline become `document` blocks. Audio and uploaded-file ids have no Anthropic equivalent.
 */
import type { UserContentPart } from '@conduit/plugin-api';
import type { AnthropicContentBlock, AnthropicDocumentBlock, AnthropicImageBlock } from './anthropic-api.ts';
import { parseDataUrl } from './parse-data-url.ts';
import { badRequest, unsupported } from './request-error.ts';

export function mapUserContent(content: string | UserContentPart[], param: string): AnthropicContentBlock[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  const blocks: AnthropicContentBlock[] = [];
  content.forEach((part, index) => {
    const block = mapUserContentPart(part, `${param}[${index}]`);
    if (block) blocks.push(block);
  });
  return blocks;
}

function mapUserContentPart(part: UserContentPart, param: string): AnthropicContentBlock | undefined {
  switch (part.type) {
    case 'text':
      return part.text ? { type: 'text', text: part.text } : undefined;
    case 'image_url':
      return mapImage(part.image_url.url, `${param}.image_url.url`);
    case 'file':
      return mapFile(part.file, `${param}.file`);
    case 'input_audio':
      throw unsupported('Anthropic models do not accept audio input', param);
    default:
      throw unsupported(`Content part type '${(part as { type: string }).type}' is not supported by Anthropic`, param);
  }
}

export function mapImage(url: string, param: string): AnthropicImageBlock {
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
  const data = parseDataUrl(url);
  if (!data) throw badRequest('An image URL must be an http(s) URL or a base64 data URL', param);
  return { type: 'image', source: { type: 'base64', media_type: data.mediaType, data: data.base64 } };
}

function mapFile(file: { file_data?: string; file_id?: string; filename?: string }, param: string): AnthropicDocumentBlock {
  if (!file.file_data) throw unsupported('Anthropic needs files inline (file_data); file_id is not supported', param);
  const data = parseDataUrl(file.file_data);
  if (!data) throw badRequest('file_data must be a base64 data URL', `${param}.file_data`);
  const title = file.filename ? { title: file.filename } : {};
  if (data.mediaType === 'application/pdf') {
    return { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: data.base64 }, ...title };
  }
  if (data.mediaType === 'text/plain') {
    const text = Buffer.from(data.base64, 'base64').toString('utf8');
    return { type: 'document', source: { type: 'text', media_type: 'text/plain', data: text }, ...title };
  }
  throw unsupported(`Anthropic accepts PDF and plain-text files, not ${data.mediaType}`, param);
}
