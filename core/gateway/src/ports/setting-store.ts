/**
 * Named settings kept as JSON (gateway-wide limits, IP filter, webhook, retention), each parsed with
 * its own schema on read so a hand-edited or outdated value falls back to the default.
 */
import type { z } from 'zod';

export interface SettingStore {
  read<S extends z.ZodType>(key: string, schema: S, fallback: z.infer<S>): Promise<z.infer<S>>;
  write(key: string, value: unknown): Promise<void>;
}
