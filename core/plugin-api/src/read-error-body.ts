/**
 * Extracts a message, code and param from an error body in the shapes providers commonly use:
 * OpenAI's `{error: {message, type, code, param}}`, `{error: "text"}`, `{message}`, `{detail}`. An
 * HTML page (a proxy's or load balancer's error page in front of the provider) gives its title, or
 * its text without the markup.
 */
export interface ErrorBodyDetails {
  message?: string;
  providerCode?: string;
  param?: string;
}

export function readErrorBody(text: string): ErrorBodyDetails {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    if (!trimmed) return {};
    return { message: (looksLikeHtml(trimmed) ? htmlMessage(trimmed) : trimmed).slice(0, 500) };
  }
  if (Array.isArray(parsed)) parsed = parsed[0];
  if (!parsed || typeof parsed !== 'object') return {};
  const body = parsed as Record<string, unknown>;
  const error = body.error;
  if (typeof error === 'string') return { message: error, providerCode: stringOrUndefined(body.code) };
  if (error && typeof error === 'object') {
    const inner = error as Record<string, unknown>;
    return {
      message: stringOrUndefined(inner.message),
      // Prefer a symbolic code (`RESOURCE_EXHAUSTED`, `invalid_api_key`) over a numeric one (`429`).
      providerCode:
        (typeof inner.code === 'string' ? inner.code : undefined) ??
        stringOrUndefined(inner.type) ??
        (typeof inner.status === 'string' ? inner.status : undefined) ??
        stringOrUndefined(inner.code) ??
        stringOrUndefined(inner.status),
      param: stringOrUndefined(inner.param),
    };
  }
  const detail = body.detail;
  const message =
    stringOrUndefined(body.message) ??
    (typeof detail === 'string' ? detail : detail !== undefined ? JSON.stringify(detail).slice(0, 500) : undefined) ??
    fieldErrors(body);
  return { message, providerCode: stringOrUndefined(body.code) ?? stringOrUndefined(body.type) };
}

/**
 * Validation errors listed by field, as Django REST framework writes them (Ultravox):
 * `{"medium": ["Invalid medium."], "voice": ["Not found."]}` gives `medium: Invalid medium.; voice: Not found.`
 */
function fieldErrors(body: Record<string, unknown>): string | undefined {
  const parts: string[] = [];
  for (const [field, messages] of Object.entries(body)) {
    if (!Array.isArray(messages) || messages.length === 0 || !messages.every((message) => typeof message === 'string')) return undefined;
    parts.push(`${field}: ${messages.join(' ')}`);
  }
  return parts.length > 0 ? parts.join('; ').slice(0, 500) : undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

const looksLikeHtml = (text: string): boolean => /^<(!doctype html|html|head|body|title|h1|center)\b/i.test(text);

/** An error page's title (`502 Bad Gateway`), else its visible text, without markup. */
function htmlMessage(html: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const text = title && plainText(title) ? title : html.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ');
  return plainText(text) || 'an HTML error page';
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_match, name: string) => entities[name]!)
    .replace(/\s+/g, ' ')
    .trim();
}
