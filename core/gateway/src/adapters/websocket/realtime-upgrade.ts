/**
 * The `/v1/realtime` upgrade: the session is opened first (authenticated, admitted, its upstream
 * connected); a refusal is answered on the raw socket with its HTTP status and OpenAI's error body,
 * before any upgrade, and only an opened session is upgraded by `ws` — selecting the `realtime`
 * subprotocol itself, never the key-bearing one.
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { GatewayError } from '../../domain/gateway-error.ts';
import { openRealtimeSession, type RealtimeDependencies } from '../../pipeline/realtime/open-realtime-session.ts';
import { selectRealtimeProtocol } from '../../pipeline/realtime/realtime-credentials.ts';
import { sessionEnds } from '../../pipeline/realtime/realtime-relay.ts';
import type { UpgradeHandler, UpgradeRefusal } from './upgrade-dispatcher.ts';

/** Frames larger than this are cut by ws (close 1009); smaller oversized events get an error event. */
const maxFrameBytes = 64 * 1024 * 1024;

export function realtimeUpgradeHandler(dependencies: RealtimeDependencies): UpgradeHandler & { close(): void } {
  const server = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: maxFrameBytes,
    handleProtocols: (protocols) => selectRealtimeProtocol(protocols),
  });
  const handler = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const gone = new AbortController();
    const onClose = (): void => gone.abort();
    socket.once('close', onClose);
    void openRealtimeSession(request, dependencies, gone.signal).then(
      ({ relay }) => {
        socket.off('close', onClose);
        if (socket.destroyed) {
          void relay.end(sessionEnds.clientClosed);
          return;
        }
        server.handleUpgrade(request, socket, head, (client) => relay.attach(client));
      },
      (error: GatewayError) => {
        socket.off('close', onClose);
        refuseWithError(socket, error);
      },
    );
  };
  return Object.assign(handler, { close: () => server.close() });
}

/** The dispatcher's own refusals of a realtime upgrade (shutting down, a failed upgrade), in OpenAI's error format. */
export const realtimeUpgradeRefusal: UpgradeRefusal = (socket, status, message) =>
  refuseWithError(
    socket,
    new GatewayError({
      status,
      type: 'server_error',
      code: status === 503 ? 'server_shutting_down' : 'upgrade_failed',
      message,
      headers: status === 503 ? { 'retry-after': '1' } : {},
    }),
  );

function refuseWithError(socket: Duplex, error: GatewayError): void {
  if (socket.destroyed) return;
  const body = JSON.stringify(error.toBody());
  const lines = [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(error.headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
}
