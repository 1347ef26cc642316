/** Stored health-check results of providers. */
export interface HealthCheckRow {
  providerId: string;
  status: 'up' | 'down';
  latencyMs: number | null;
  error: string | null;
  checkedAt: Date;
}

export interface HealthHistory {
  /** Writes the rows; one whose provider is gone meanwhile is dropped, not the batch. */
  append(rows: readonly HealthCheckRow[]): Promise<void>;
  /** Deletes rows checked before `before`; returns how many. */
  pruneBefore(before: Date): Promise<number>;
}
