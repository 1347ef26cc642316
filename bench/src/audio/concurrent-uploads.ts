/**
 * Many large transcription uploads at once through the gateway, and what they do to its memory: its
 * RSS (with any worker processes) before, sampled every 20 ms while the uploads run, and after, once
 * it has had time to settle. A gateway that streams uploads to the provider grows by a small buffer
 * per upload; one that holds files grows by their size, or twice it.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { readProcessStats } from '../measure/process-stats.ts';
import type { MultipartUpload } from './multipart-upload.ts';

export interface UploadMemory {
  uploads: number;
  fileBytes: number;
  /** Every upload's bytes together: the most the gateway could be holding at once. */
  bytesInFlight: number;
  rssBeforeBytes: number;
  rssPeakBytes: number;
  /** After the uploads, once RSS stopped falling (or `settleMs` passed). */
  rssAfterBytes: number;
  /** Peak − before, as a fraction of the bytes in flight (target: below 2). */
  growthPerByteInFlight: number;
  seconds: number;
  statuses: Record<string, number>;
  /** The first answer that was not a 200, if any (status and the start of its body). */
  firstFailure?: string;
}

export async function measureUploadMemory(options: {
  pid: number;
  origin: string;
  path: string;
  apiKey: string;
  upload: MultipartUpload;
  fileBytes: number;
  uploads: number;
  settleMs?: number;
}): Promise<UploadMemory> {
  const { pid, upload, uploads } = options;
  const rssNow = () => readProcessStats(pid).rssBytes;
  const rssBeforeBytes = rssNow();
  let rssPeakBytes = rssBeforeBytes;
  const sampler = setInterval(() => {
    rssPeakBytes = Math.max(rssPeakBytes, rssNow());
  }, 20);
  const started = performance.now();
  const statuses: Record<string, number> = {};
  let firstFailure: string | undefined;
  try {
    const results = await Promise.all(Array.from({ length: uploads }, () => sendUpload(options.origin, options.path, options.apiKey, upload)));
    for (const result of results) {
      statuses[result.status] = (statuses[result.status] ?? 0) + 1;
      if (result.status !== '200' && !firstFailure) firstFailure = `${result.status} ${result.body.slice(0, 300)}`;
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  rssPeakBytes = Math.max(rssPeakBytes, rssNow());
  const rssAfterBytes = await settledRss(rssNow, options.settleMs ?? 15_000);
  const bytesInFlight = upload.bytes * uploads;
  return {
    uploads,
    fileBytes: options.fileBytes,
    bytesInFlight,
    rssBeforeBytes,
    rssPeakBytes,
    rssAfterBytes,
    growthPerByteInFlight: (rssPeakBytes - rssBeforeBytes) / bytesInFlight,
    seconds,
    statuses,
    ...(firstFailure ? { firstFailure } : {}),
  };
}

/** Sends one upload, writing its pieces in 1 MB slices with backpressure; resolves with the answer. */
function sendUpload(origin: string, path: string, apiKey: string, upload: MultipartUpload): Promise<{ status: string; body: string }> {
  return new Promise((resolve) => {
    const outgoing = httpRequest(
      `${origin}${path}`,
      { method: 'POST', headers: { 'content-type': upload.contentType, 'content-length': String(upload.bytes), authorization: `Bearer ${apiKey}` } },
      (response: IncomingMessage) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (body.length < 2000) body += chunk;
        });
        response.on('end', () => resolve({ status: String(response.statusCode ?? 0), body }));
        response.on('error', (error) => resolve({ status: 'error', body: error.message }));
      },
    );
    outgoing.on('error', (error) => resolve({ status: 'error', body: error.message }));
    void (async () => {
      for (const piece of upload.pieces) {
        for (let at = 0; at < piece.length; at += 1 << 20) {
          if (outgoing.destroyed) return;
          // An early answer (a refusal) closes the request: stop writing instead of waiting for a drain.
          if (!outgoing.write(piece.subarray(at, at + (1 << 20)))) await new Promise((go) => outgoing.once('drain', go).once('close', go));
        }
      }
      outgoing.end();
    })();
  });
}

/** RSS once it has stopped falling for a second, or when `limitMs` has passed. */
async function settledRss(rssNow: () => number, limitMs: number): Promise<number> {
  const deadline = Date.now() + limitMs;
  let previous = rssNow();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const current = rssNow();
    if (current >= previous * 0.99) return current;
    previous = current;
  }
  return rssNow();
}
