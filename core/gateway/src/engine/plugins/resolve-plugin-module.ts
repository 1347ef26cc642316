/**
 * Finds the file to import for a plugins.json entry: a local path relative to plugins.json, or an
 * npm package installed in a node_modules folder at or above plugins.json. Packages are resolved the
 * way Node's ESM loader would (exports "." with import/default conditions, then module, then main).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export function resolvePluginModule(specifier: string, pluginsFile: string): string {
  const base = path.dirname(pluginsFile);
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    const target = path.resolve(base, specifier);
    if (!existsSync(target)) throw new Error(`no file or folder at ${target}`);
    return statSync(target).isDirectory() ? packageEntry(target) : target;
  }
  for (let dir = base; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', specifier);
    if (existsSync(path.join(candidate, 'package.json'))) return packageEntry(candidate);
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(`package '${specifier}' is not installed (no node_modules/${specifier} at or above ${base})`);
}

function packageEntry(dir: string): string {
  const manifestFile = path.join(dir, 'package.json');
  if (!existsSync(manifestFile)) {
    for (const name of ['index.ts', 'index.js', 'index.mjs']) {
      if (existsSync(path.join(dir, name))) return path.join(dir, name);
    }
    throw new Error(`${dir} has neither a package.json nor an index file`);
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
    exports?: unknown;
    module?: string;
    main?: string;
  };
  const entry = exportsEntry(manifest.exports) ?? manifest.module ?? manifest.main ?? 'index.js';
  const file = path.resolve(dir, entry);
  if (!existsSync(file)) throw new Error(`the entry ${entry} named by ${manifestFile} does not exist`);
  return file;
}

function exportsEntry(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports;
  if (!exports || typeof exports !== 'object') return undefined;
  const map = exports as Record<string, unknown>;
  const root = '.' in map ? map['.'] : map;
  return conditionalEntry(root);
}

function conditionalEntry(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object') return undefined;
  const conditions = value as Record<string, unknown>;
  for (const condition of ['import', 'node', 'default']) {
    const found = conditionalEntry(conditions[condition]);
    if (found) return found;
  }
  return undefined;
}
