/**
 * A `multipart/form-data` body written as a stream, for audio uploads: text fields and files whose
 * bytes are passed on as they arrive, so an upload is never held whole in memory. Field names and
 * filenames are escaped as browsers escape them (WHATWG: `"` and line breaks percent-encoded).
 */
import { randomBytes } from 'node:crypto';

export type MultipartPart =
  | { name: string; value: string }
  | { name: string; filename: string; contentType: string; body: AsyncIterable<Uint8Array> };

export interface MultipartBody {
  /** `multipart/form-data; boundary=…`, for the request's Content-Type header. */
  contentType: string;
  /** The encoded body; iterate once. */
  body: AsyncIterable<Uint8Array>;
}

export function multipartBody(parts: readonly MultipartPart[]): MultipartBody {
  const boundary = `----conduit-${randomBytes(12).toString('hex')}`;
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: encode(parts, boundary) };
}

async function* encode(parts: readonly MultipartPart[], boundary: string): AsyncGenerator<Uint8Array> {
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escape(part.name)}"`;
    if ('body' in part) {
      head += `; filename="${escape(part.filename)}"\r\nContent-Type: ${part.contentType}\r\n\r\n`;
      yield Buffer.from(head);
      for await (const piece of part.body) yield piece;
      yield Buffer.from('\r\n');
    } else {
      yield Buffer.from(`${head}\r\n\r\n${part.value}\r\n`);
    }
  }
  yield Buffer.from(`--${boundary}--\r\n`);
}

function escape(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '%0D%0A').replace(/"/g, '%22');
}
