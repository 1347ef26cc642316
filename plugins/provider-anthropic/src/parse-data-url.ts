/** Reads a `data:` URL (RFC 2397) into its media type and base64 payload; undefined when it is not one. */
export interface DataUrl {
  mediaType: string;
  base64: string;
}

export function parseDataUrl(url: string): DataUrl | undefined {
  if (!url.startsWith('data:')) return undefined;
  const comma = url.indexOf(',');
  if (comma === -1) return undefined;
  const params = url.slice(5, comma).split(';');
  const mediaType = (params[0] || 'text/plain').trim().toLowerCase();
  const payload = url.slice(comma + 1);
  if (params.slice(1).some((param) => param.trim().toLowerCase() === 'base64')) {
    return { mediaType, base64: payload.replace(/\s+/g, '') };
  }
  // Percent-encoded payloads are rare for images but legal; Anthropic only takes base64.
  return { mediaType, base64: Buffer.from(decodeURIComponent(payload), 'utf8').toString('base64') };
}
