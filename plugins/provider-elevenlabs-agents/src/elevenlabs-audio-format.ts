/** ElevenLabs' audio format names (`pcm_16000`, `ulaw_8000`…) as Realtime audio formats. */
import type { RealtimeAudioFormat } from '@conduit/plugin-api';

export function elevenLabsFormat(name: unknown): RealtimeAudioFormat | undefined {
  if (typeof name !== 'string') return undefined;
  const match = /^(pcm|ulaw)_(\d+)$/.exec(name);
  if (!match) return undefined;
  if (match[1] === 'ulaw') return match[2] === '8000' ? { type: 'audio/pcmu' } : undefined;
  return { type: 'audio/pcm', rate: Number(match[2]) };
}
