/**
 * What an uploaded audio file is, judged by the gateway rather than taken from the client: its format
 * from the bytes (the `openai` SDK labels every file application/octet-stream), else the filename, and
 * its duration, measured with music-metadata over the held bytes (no copy). The duration bills
 * transcriptions by the minute and bounds the budget reservation; an unreadable file is a 400 that
 * names the problem.
 */
import { Readable } from 'node:stream';
import { parseStream } from 'music-metadata';
import { invalidRequest } from '../../../../domain/gateway-error.ts';
import type { HeldFile } from '../../../http/read-multipart.ts';

export interface ProbedAudio {
  /** OpenAI's name for the format: `wav`, `mp3`, `flac`, `ogg`, `webm`, `m4a`. */
  format: string;
  contentType: string;
  /**
   * The duration in seconds, measured from the file; undefined when its header does not say and it
   * cannot be worked out without decoding (a FLAC or WebM written as a stream).
   */
  durationSeconds: number | undefined;
  /** An upper bound of the duration: the measured one, else the size at a very low bitrate (8 kbit/s). */
  maxDurationSeconds: number;
}

/** 8 kbit/s, below any codec a speech upload uses, so that size / this bounds the duration. */
const lowestBytesPerSecond = 1_000;

/** Formats an encoder may write as a stream, without the length in their header. */
const streamableFormats = new Set(['flac', 'ogg', 'webm']);

const contentTypes: Record<string, string> = {
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  webm: 'audio/webm',
  m4a: 'audio/mp4',
  mp4: 'audio/mp4',
  mpeg: 'audio/mpeg',
  mpga: 'audio/mpeg',
};

/** The format the first bytes announce, if they are one the transcription endpoint takes. */
export function sniffAudioFormat(head: Buffer): string | undefined {
  const ascii = (start: number, end: number): string => head.subarray(start, end).toString('latin1');
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'wav';
  if (ascii(0, 4) === 'fLaC') return 'flac';
  if (ascii(0, 4) === 'OggS') return 'ogg';
  if (ascii(0, 3) === 'ID3') return 'mp3';
  if (head.length >= 2 && head[0] === 0xff && (head[1]! & 0xe0) === 0xe0) return 'mp3';
  if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3) return 'webm';
  if (ascii(4, 8) === 'ftyp') return 'm4a';
  return undefined;
}

function formatFromFilename(filename: string): string | undefined {
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  return extension && extension in contentTypes ? extension : undefined;
}

export async function probeAudio(file: HeldFile): Promise<ProbedAudio> {
  if (file.bytes === 0) throw invalidRequest('The audio file is empty.', 'file', 'invalid_file');
  const head = file.upload.head(64);
  const format = sniffAudioFormat(head) ?? formatFromFilename(file.filename);
  if (!format) {
    throw invalidRequest(
      `The file '${file.filename || 'file'}' is not audio in a supported format (flac, m4a, mp3, mp4, mpeg, mpga, ogg, wav, webm).`,
      'file',
      'invalid_file_format',
    );
  }
  const contentType = contentTypes[format]!;
  let durationSeconds: number | undefined;
  try {
    const metadata = await parseStream(Readable.from(file.upload.read(), { objectMode: false }), { mimeType: contentType, size: file.bytes }, { duration: true });
    durationSeconds = metadata.format.duration;
  } catch (error) {
    throw invalidRequest(`The audio file could not be read as ${format}: ${(error as Error).message}`, 'file', 'invalid_file');
  }
  const measured = durationSeconds !== undefined && Number.isFinite(durationSeconds) && durationSeconds >= 0 ? durationSeconds : undefined;
  if (measured === undefined && !streamableFormats.has(format)) {
    throw invalidRequest(`The duration of the ${format} file could not be measured; it may be truncated or corrupt.`, 'file', 'invalid_file');
  }
  return { format, contentType, durationSeconds: measured, maxDurationSeconds: measured ?? file.bytes / lowestBytesPerSecond };
}
