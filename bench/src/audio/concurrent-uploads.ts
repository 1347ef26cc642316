/**
 * Many large transcription uploads at once through the gateway, and what they do to its memory: its
 * RSS (with any worker processes) before, sampled every 20 ms while the uploads run, and after, once
 * it has had time to settle. A gateway that streams uploads to the provider grows by a small buffer
 * per upload; one that holds files grows by their size, or twice it.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { readProcessStats } from '../measure/process-stats.ts';
import type { MultipartUpload } from './multipart-upload.ts';

export interface UploadMemory {
  uploads: number;
  fileBytes: number;
  /** Every upload's bytes together: the most the gateway could be holding at once. */
  bytesInFlight: number;
  rssBeforeBytes: number;
  rssPeakBytes: number;
  /** After the uploads, once RSS is back near its level, or when `settleMs` (default 60 s) passed. */
  rssAfterBytes: number;
  /** How long after the uploads `rssAfterBytes` was read. */
  settleSeconds: number;
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
  const settled = await settledRss(rssNow, rssBeforeBytes, rssPeakBytes, options.settleMs ?? 60_000);
  const bytesInFlight = upload.bytes * uploads;
  return {
    uploads,
    fileBytes: options.fileBytes,
    bytesInFlight,
    rssBeforeBytes,
    rssPeakBytes,
    rssAfterBytes: settled.bytes,
    settleSeconds: settled.seconds,
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
          if (!outgoing.write(piece.subarray(at, at + (1 << 20)))) await drainedOrClosed(outgoing);
        }
      }
      outgoing.end();
    })();
  });
}

/** Resolves when the request can take more, or has closed (an early answer, a refusal: stop writing). */
function drainedOrClosed(outgoing: ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      outgoing.off('drain', done);
      outgoing.off('close', done);
      resolve();
    };
    outgoing.on('drain', done);
    outgoing.on('close', done);
  });
}

/**
 * RSS once it is back near its level (within 20 MB or a tenth of the growth), polled every second,
 * or the last reading when `limitMs` passes first. A collector may keep freed memory for a while, so
 * the wait is long; how long it took is reported.
 */
async function settledRss(rssNow: () => number, before: number, peak: number, limitMs: number): Promise<{ bytes: number; seconds: number }> {
  const started = Date.now();
  const near = before + Math.max(20e6, (peak - before) * 0.1);
  let current = rssNow();
  while (current > near && Date.now() - started < limitMs) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    current = rssNow();
  }
  return { bytes: current, seconds: (Date.now() - started) / 1000 };
}
