/**
 * Decoding of a compressed upstream body. The gateway asks for none (it sends no Accept-Encoding),
 * but some servers and proxies compress anyway; undici's dispatch API, unlike its fetch, hands the
 * bytes as they came. Found by scanning the raw headers, so an uncompressed answer (every one on the
 * usual path) costs a length check per header and nothing more.
 */
import zlib from 'node:zlib';
import { headerText, type RawHeaders } from './handled-response.ts';

const headerName = 'content-encoding';

/** A decompressing stream for the body's Content-Encoding; undefined when it has none (or identity, or one not known). */
export function contentDecoderFor(raw: RawHeaders): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  let encoding: string | undefined;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index]!;
    if (name.length !== headerName.length || headerText(name).toLowerCase() !== headerName) continue;
    encoding = headerText(raw[index + 1]!).trim().toLowerCase();
  }
  // As undici's fetch: lenient about a body cut at its end (the stream's own events say whether it ended).
  const lenient = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(lenient);
    case 'deflate':
      return zlib.createInflate(lenient);
    case 'br':
      return zlib.createBrotliDecompress({ flush: zlib.constants.BROTLI_OPERATION_FLUSH, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    default:
      return undefined;
  }
}

/** The headers without Content-Encoding and Content-Length, which describe the bytes before decoding. */
export function withoutEncodingHeaders(raw: RawHeaders): Array<Buffer | string> {
  const kept: Array<Buffer | string> = [];
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = headerText(raw[index]!).toLowerCase();
    if (name === headerName || name === 'content-length') continue;
    kept.push(raw[index]!, raw[index + 1]!);
  }
  return kept;
}
