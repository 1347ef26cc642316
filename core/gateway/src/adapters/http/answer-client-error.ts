/**
 * The server's 'clientError' handler: a request Node's HTTP parser refuses before any route sees it
 * (headers past the size limit, conflicting Content-Length, a malformed request line) gets an
 * OpenAI-format JSON body naming the problem, where the socket can still take one, then the
 * connection is closed. Node's default answers with a bare status line.
 */
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';

interface Refusal {
  status: number;
  code: string;
  message: string;
}

function refusalFor(error: NodeJS.ErrnoException): Refusal {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, code: 'request_header_fields_too_large', message: 'The request headers are larger than the server accepts.' };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, code: 'request_too_large', message: 'The chunk extensions of the request body are larger than the server accepts.' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: 'request_timeout', message: 'The request did not arrive in time.' };
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_INVALID_TRANSFER_ENCODING':
      return { status: 400, code: 'malformed_request', message: 'The request has conflicting or invalid Content-Length / Transfer-Encoding headers.' };
    default:
      return { status: 400, code: 'malformed_request', message: 'The request is not valid HTTP/1.1.' };
  }
}

export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection cannot be answered; one whose response already started must not get a second.
  const started = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (error.code === 'ECONNRESET' || !socket.writable || started) {
    socket.destroy();
    return;
  }
  const refusal = refusalFor(error);
  const body = JSON.stringify({ error: { message: refusal.message, type: 'invalid_request_error', param: null, code: refusal.code } });
  socket.end(
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
