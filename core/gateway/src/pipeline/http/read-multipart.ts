/**
 * Reads a multipart/form-data request (an audio upload, images to edit) with busboy: the text fields,
 * and each file held once, in one buffer (upload-buffer.ts) — so a 25 MB upload costs 25 MB — so that each attempt
 * of the router can send it again. The file's size is bounded while it streams: past the limit reading
 * stops and the request is refused with a 413. The caller releases the file when the request is done.
 */
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { GatewayError, invalidRequest } from '../../domain/gateway-error.ts';
import { UploadBuffer } from './upload-buffer.ts';

export interface HeldFile {
  /** The form field it came in (`file`). */
  field: string;
  /** The client's filename, as sent (may be empty). */
  filename: string;
  /** The content type the client declared (the `openai` SDK sends application/octet-stream). */
  declaredType: string;
  upload: UploadBuffer;
  readonly bytes: number;
}

export interface MultipartForm {
  /** Text fields by name; a repeated field (`timestamp_granularities[]`) keeps every value. */
  fields: ReadonlyMap<string, readonly string[]>;
  /** The first file. */
  file: HeldFile | undefined;
  /** Every file, in the order they came (more than one when `maxFiles` allows). */
  files: readonly HeldFile[];
}

export interface MultipartLimits {
  maxFileBytes: number;
  /** Files in the form (default 1). */
  maxFiles?: number;
  /** Text fields: how many, and how long each. */
  maxFields?: number;
  maxFieldBytes?: number;
}

export async function readMultipart(request: IncomingMessage, limits: MultipartLimits): Promise<MultipartForm> {
  const contentType = request.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    request.resume();
    throw invalidRequest(`The request must be multipart/form-data (got '${contentType || 'no content type'}').`);
  }
  const fileTooLarge = (field = 'file'): GatewayError =>
    new GatewayError({
      status: 413,
      type: 'invalid_request_error',
      code: 'file_too_large',
      param: field,
      message: `The file is larger than the limit of ${limits.maxFileBytes} bytes.`,
    });
  const declared = Number(request.headers['content-length']);
  // The form's own fields add a little; a declared length far beyond the file limit is refused unread.
  if (Number.isFinite(declared) && declared > limits.maxFileBytes + 1024 * 1024) {
    request.resume();
    throw fileTooLarge();
  }

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: request.headers,
      limits: { files: limits.maxFiles ?? 1, fields: limits.maxFields ?? 64, fieldSize: limits.maxFieldBytes ?? 1024 * 1024, fileSize: limits.maxFileBytes, parts: 128 },
    });
  } catch (error) {
    request.resume();
    throw invalidRequest(`The multipart body cannot be read: ${(error as Error).message}`);
  }

  return new Promise<MultipartForm>((resolve, reject) => {
    const fields = new Map<string, string[]>();
    const files: HeldFile[] = [];
    let failure: GatewayError | undefined;
    const fail = (error: GatewayError): void => {
      if (failure) return;
      failure = error;
      request.unpipe(parser);
      for (const file of files) file.upload.release();
      // Read on and discard, so the client can still be answered on this connection.
      request.resume();
      reject(error);
    };

    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(invalidRequest(`The field '${name}' is too long.`, name));
      else fields.set(name, [...(fields.get(name) ?? []), value]);
    });
    parser.on('file', (name, stream, info) => {
      // Sized from what the form can still hold: the files before this one have arrived whole.
      let expected: number | undefined;
      if (Number.isFinite(declared)) {
        expected = declared;
        for (const earlier of files) expected -= earlier.bytes;
      }
      const upload = new UploadBuffer(expected, limits.maxFileBytes);
      files.push({
        field: name,
        filename: info.filename ?? '',
        declaredType: info.mimeType,
        upload,
        get bytes() {
          return upload.bytes;
        },
      });
      stream.on('data', (chunk: Buffer) => {
        if (failure) return;
        try {
          upload.append(chunk);
        } catch {
          fail(fileTooLarge(name));
        }
      });
      stream.on('limit', () => fail(fileTooLarge(name)));
      // A form cut off inside the file fails the file's stream too; unheard, that would end the process.
      stream.on('error', (error: Error) => fail(invalidRequest(`The upload was cut off: ${error.message}`, 'file')));
    });
    parser.on('filesLimit', () => fail(invalidRequest((limits.maxFiles ?? 1) === 1 ? 'Send one file per request.' : `Send at most ${limits.maxFiles} files per request.`, 'file')));
    parser.on('fieldsLimit', () => fail(invalidRequest('The form has too many fields.')));
    parser.on('partsLimit', () => fail(invalidRequest('The form has too many parts.')));
    parser.on('error', (error: Error) => fail(invalidRequest(`The multipart body cannot be read: ${error.message}`)));
    parser.on('close', () => {
      if (!failure) resolve({ fields, file: files[0], files });
    });
    request.on('error', (error) => fail(invalidRequest(`The upload was interrupted: ${error.message}`)));
    request.pipe(parser);
  });
}
