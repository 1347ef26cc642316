/** Reads and validates `plugins.json`: which plugin modules the registry loads, in order, with options. */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

export interface PluginEntry {
  /** A local path (relative to plugins.json) or an npm package name. */
  module: string;
  options?: Record<string, unknown>;
}

const schema = z
  .object({
    plugins: z.array(
      z
        .object({
          module: z.string().trim().min(1),
          options: z.record(z.string(), z.unknown()).optional(),
        })
        .strict(),
    ),
  })
  .strict();

export async function readPluginsFile(file: string): Promise<PluginEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the plugin registry ${file} (CONDUIT_PLUGINS): ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`The plugin registry ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`The plugin registry ${file} is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return parsed.data.plugins;
}
