/**
 * A secret kept in a file in the data dir (mode 0600), generated on first start. Used for the master
 * key and the credential encryption key when the environment does not provide them.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';

export async function readOrCreateSecret(
  dataDir: string,
  fileName: string,
  generate: () => string = () => randomBytes(32).toString('base64url'),
): Promise<{ value: string; created: boolean }> {
  const file = path.join(dataDir, fileName);
  try {
    const value = (await readFile(file, 'utf8')).trim();
    if (value) return { value, created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const value = generate();
  // 'wx' fails if another process created the file meanwhile; then read theirs.
  try {
    await writeFile(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readOrCreateSecret(dataDir, fileName, generate);
    throw error;
  }
  await chmod(file, 0o600);
  return { value, created: true };
}
