/** What an audio request measured, for billing by the minute or the character. */
export interface AudioMeasure {
  /** Seconds of audio in: transcription, translation, a realtime session's input. */
  inputSeconds?: number;
  /** Seconds of audio out: speech, realtime output. */
  outputSeconds?: number;
  /** Characters spoken (speech input). */
  characters?: number;
  /** A realtime session's length, for per-minute session prices. */
  sessionSeconds?: number;
}
