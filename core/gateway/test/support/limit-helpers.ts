/** Small helpers for the limits and budgets tests: raw /v1 calls that keep status, headers and error code. */
export interface RawReply {
  status: number;
  headers: Headers;
  code: string | null;
  message: string;
  body: unknown;
}

export async function postChat(baseUrl: string, key: string, body: Record<string, unknown>, extraHeaders: Record<string, string> = {}): Promise<RawReply> {
  const response = await fetch(`${baseUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...extraHeaders },
    body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], max_tokens: 10, ...body }),
  });
  return readReply(response);
}

export async function getModels(baseUrl: string, key: string, extraHeaders: Record<string, string> = {}): Promise<RawReply> {
  return readReply(await fetch(`${baseUrl}/v1/models`, { headers: { authorization: `Bearer ${key}`, ...extraHeaders } }));
}

async function readReply(response: Response): Promise<RawReply> {
  const body = (await response.json()) as { error?: { code?: string | null; message?: string } };
  return { status: response.status, headers: response.headers, code: body.error?.code ?? null, message: body.error?.message ?? '', body };
}

export function count<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  return items.filter(predicate).length;
}

/** Polls `read` until `done` holds (for state written off the request path), failing after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
