/** The audio bench's figures as Markdown, with each target and whether it was met. */
import type { AudioBenchRun } from './audio-bench.ts';

const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(2) : 'n/a');
const mb = (bytes: number): string => (Number.isFinite(bytes) ? (bytes / 1e6).toFixed(1) : 'n/a');

export function formatAudioBench(run: AudioBenchRun): string {
  const { speech, uploads } = run;
  const growth = uploads.rssPeakBytes - uploads.rssBeforeBytes;
  const back = uploads.rssAfterBytes - uploads.rssBeforeBytes;
  const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');
  return [
    `Audio bench, ${run.startedAt} (${run.machine.cpus} x ${run.machine.cpuModel}; commit ${run.git.commit ?? 'unknown'})`,
    '',
    '(a) Speech relayed as a stream: time to first byte, ms',
    '',
    '| candidate | samples | p50 | p90 | p99 | last byte p50 | errors |',
    '|---|---:|---:|---:|---:|---:|---:|',
    `| direct to upstream | ${speech.direct.samples} | ${ms(speech.direct.p50Ms)} | ${ms(speech.direct.p90Ms)} | ${ms(speech.direct.p99Ms)} | ${ms(speech.direct.lastByteP50Ms)} | ${speech.direct.errors} |`,
    `| through the gateway | ${speech.gateway.samples} | ${ms(speech.gateway.p50Ms)} | ${ms(speech.gateway.p90Ms)} | ${ms(speech.gateway.p99Ms)} | ${ms(speech.gateway.lastByteP50Ms)} | ${speech.gateway.errors} |`,
    '',
    `Added by the gateway: ${ms(speech.addedP50Ms)} ms at p50, ${ms(speech.addedP90Ms)} ms at p90 (target: within 2 ms at p50: ${verdict(speech.gateway.samples > 0 && speech.addedP50Ms <= 2)}).`,
    '',
    `(b) ${uploads.uploads} concurrent uploads of ${mb(uploads.fileBytes)} MB to /v1/audio/transcriptions (${mb(uploads.bytesInFlight)} MB in flight, ${uploads.seconds.toFixed(1)} s)`,
    '',
    '| gateway RSS | MB |',
    '|---|---:|',
    `| before | ${mb(uploads.rssBeforeBytes)} |`,
    `| peak | ${mb(uploads.rssPeakBytes)} (+${mb(growth)}) |`,
    `| after | ${mb(uploads.rssAfterBytes)} (${back >= 0 ? '+' : ''}${mb(back)}) |`,
    '',
    `Answers: ${Object.entries(uploads.statuses).map(([status, count]) => `${count} x ${status}`).join(', ')}${uploads.firstFailure ? ` (first failure: ${uploads.firstFailure})` : ''}.`,
    `Growth ${uploads.growthPerByteInFlight.toFixed(3)} x the bytes in flight (target below 2: ${verdict(uploads.growthPerByteInFlight < 2 && (uploads.statuses['200'] ?? 0) === uploads.uploads)}); ` +
      `after settling ${mb(back)} MB above the level before (target: back to its level, within 10% of the growth or 20 MB: ${verdict(back <= Math.max(20e6, growth * 0.1))}).`,
    '',
  ].join('\n');
}
