/** Reads a multipart/form-data body (already whole) into its fields and its one file, with busboy. */
import busboy from 'busboy';
import { Readable } from 'node:stream';

export interface MultipartForm {
  /** Each field's values, in order (`timestamp_granularities[]` repeats). */
  fields: Record<string, string[]>;
  file?: { field: string; filename: string; contentType: string; bytes: Buffer };
  /** Every file, in order (an image edit sends several). */
  files: Array<{ field: string; filename: string; contentType: string; bytes: Buffer }>;
}

export function readMultipart(headers: Record<string, string | string[] | undefined>, raw: Buffer): Promise<MultipartForm | undefined> {
  const type = headers['content-type'];
  if (typeof type !== 'string' || !type.startsWith('multipart/form-data')) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const form: MultipartForm = { fields: {}, files: [] };
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { 'content-type': type } });
    } catch {
      return resolve(undefined);
    }
    parser.on('field', (name, value) => (form.fields[name] ??= []).push(value));
    parser.on('file', (field, stream, info) => {
      const pieces: Buffer[] = [];
      stream.on('data', (piece: Buffer) => pieces.push(piece));
      stream.on('end', () => {
        form.file = { field, filename: info.filename, contentType: info.mimeType, bytes: Buffer.concat(pieces) };
        form.files.push(form.file);
      });
    });
    parser.on('close', () => resolve(form));
    parser.on('error', () => resolve(undefined));
    Readable.from([raw]).pipe(parser);
  });
}
