/**
 * Where a realtime client's key is: `Authorization: Bearer` (servers, the SDK's OpenAIRealtimeWS) or,
 * for browsers, which cannot set headers, the WebSocket subprotocol `openai-insecure-api-key.<key>`
 * offered beside `realtime`. The server always selects `realtime` itself, so the key-bearing
 * protocol is never echoed back (ws would otherwise pick the first one offered).
 */
export const realtimeProtocol = 'realtime';
const keyProtocolPrefix = 'openai-insecure-api-key.';

type Headers = Record<string, string | string[] | undefined>;

/** The subprotocols a handshake offers, in order. */
export function offeredProtocols(headers: Headers): string[] {
  const value = headers['sec-websocket-protocol'];
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined
    .split(',')
    .map((protocol) => protocol.trim())
    .filter((protocol) => protocol.length > 0);
}

/** The key offered as a subprotocol, if any. */
export function keyFromProtocols(headers: Headers): string | undefined {
  for (const protocol of offeredProtocols(headers)) {
    if (protocol.startsWith(keyProtocolPrefix) && protocol.length > keyProtocolPrefix.length) return protocol.slice(keyProtocolPrefix.length);
  }
  return undefined;
}

/**
 * The headers authentication reads: the handshake's own, or — when they carry no key — the key from
 * the subprotocol as a Bearer token.
 */
export function realtimeAuthHeaders(headers: Headers): Headers {
  if (headers.authorization || headers['api-key'] || headers['x-api-key']) return headers;
  const key = keyFromProtocols(headers);
  return key === undefined ? headers : { ...headers, authorization: `Bearer ${key}` };
}

/** The `ws` server's choice among the offered subprotocols: `realtime`, or none. */
export function selectRealtimeProtocol(protocols: ReadonlySet<string>): string | false {
  return protocols.has(realtimeProtocol) ? realtimeProtocol : false;
}
