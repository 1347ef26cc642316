/** Stored health-check results of providers. */
export interface HealthCheckRow {
  providerId: string;
  status: 'up' | 'down';
  latencyMs: number | null;
  error: string | null;
  checkedAt: Date;
  /** The probe that ran: null for the liveness probe, else one of the opt-in audio checks. */
  probe?: 'audio-speech' | 'audio-transcription' | null;
}

export interface HealthHistory {
  /** Writes the rows; one whose provider is gone meanwhile is dropped, not the batch. */
  append(rows: readonly HealthCheckRow[]): Promise<void>;
  /** Deletes rows checked before `before`; returns how many. */
  pruneBefore(before: Date): Promise<number>;
}
