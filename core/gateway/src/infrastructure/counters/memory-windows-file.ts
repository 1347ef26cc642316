/**
 * Without Redis, rate windows live in this process: a restart would give every key a fresh minute
 * and, worse, a fresh day (RPD). They are kept in a file in the data dir instead: read at start,
 * written every half minute and at shutdown (written whole to a temporary file, then renamed, so a
 * crash leaves the previous copy). A crash loses at most the last half minute of counts. Budgets
 * need no file: they are rebuilt from the spend rows in the database.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Logger } from '../../ports/logger.ts';
import type { MemoryCounterStore } from './memory-counter-store.ts';

const fileSchema = z.object({
  version: z.literal(1),
  windows: z.array(
    z.object({
      counter: z.string(),
      windowMs: z.number().int().positive(),
      bucketMs: z.number().int().positive(),
      buckets: z.array(z.tuple([z.number().int(), z.number()])),
    }),
  ),
});

const saveEveryMs = 30_000;

export interface MemoryWindowsFile {
  /** Writes the windows now and stops the periodic writes. */
  close(): Promise<void>;
}

export async function keepMemoryWindows(store: MemoryCounterStore, file: string, logger: Logger): Promise<MemoryWindowsFile> {
  try {
    const parsed = fileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (parsed.success) store.importWindows(parsed.data.windows);
    else logger.warn({ file }, 'the saved rate windows could not be read; rate limits start from zero');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn({ err: error, file }, 'the saved rate windows could not be read; rate limits start from zero');
  }
  let writing: Promise<void> = Promise.resolve();
  const save = (): Promise<void> => {
    writing = writing.then(async () => {
      try {
        const temporary = `${file}.${process.pid}.tmp`;
        await writeFile(temporary, JSON.stringify({ version: 1, windows: store.exportWindows() }));
        await rename(temporary, file);
      } catch (error) {
        logger.warn({ err: error, file }, 'saving the rate windows failed');
      }
    });
    return writing;
  };
  const timer = setInterval(() => void save(), saveEveryMs);
  timer.unref();
  return {
    async close() {
      clearInterval(timer);
      await save();
    },
  };
}
