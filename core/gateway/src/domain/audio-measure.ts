/**
 * The audio a request used, as the gateway measured it or the provider reported it: what per-minute and
 * per-character prices bill, and what the request log and the usage rollups count.
 */
export interface AudioMeasure {
  /** Seconds of audio in: a transcription's or translation's upload, a realtime session's input. */
  inputSeconds?: number;
  /** Seconds of audio out: speech, a realtime session's output. */
  outputSeconds?: number;
  /** Characters of text turned into speech. */
  characters?: number;
  /** A realtime session's length, for providers that bill the call by the minute. */
  sessionSeconds?: number;
}

/** The seconds of audio in and out together, as the request log keeps them; undefined when none was measured. */
export function totalAudioSeconds(audio: AudioMeasure | undefined): number | undefined {
  if (!audio || (audio.inputSeconds === undefined && audio.outputSeconds === undefined)) return undefined;
  return (audio.inputSeconds ?? 0) + (audio.outputSeconds ?? 0);
}
