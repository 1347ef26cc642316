/**
 * The module loader hook behind typescript-loader.mjs: `.ts` files are compiled by esbuild as ES
 * modules, with the compiler options of the repository's tsconfig that change emitted code.
 * Imports name their `.ts` files, so Node.js resolves them unaided; everything else loads as usual.
 *
 * Each compiled module is kept in node_modules/.cache/conduit/typescript, under a hash of everything
 * its output depends on (esbuild's version, the options, the file's path and source), so a changed
 * file is compiled again and an unchanged one is read back without starting esbuild at all. The cache
 * is only a speed-up: when it cannot be read or written, the file is compiled each time.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const transformOptions = {
  loader: 'ts',
  format: 'esm',
  target: 'node20',
  sourcemap: 'inline',
  tsconfigRaw: { compilerOptions: { target: 'ES2023', verbatimModuleSyntax: true, useDefineForClassFields: true } },
};
const CACHE_DIR = fileURLToPath(new URL('../../../node_modules/.cache/conduit/typescript', import.meta.url));

/** @type {typeof import('esbuild') | undefined} */
let esbuild;
/** @type {string | undefined} */
let cacheSalt;
let cacheDirMade = false;

/** @type {import('node:module').LoadHookSync} */
export function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const source = readFileSync(file, 'utf8');
  const cached = join(CACHE_DIR, `${createHash('sha256').update(salt()).update(file).update('\0').update(source).digest('hex')}.mjs`);
  let code = readCached(cached);
  if (code === undefined) {
    esbuild ??= require('esbuild');
    code = esbuild.transformSync(source, { ...transformOptions, sourcefile: file }).code;
    writeCached(cached, code);
  }
  return { format: 'module', source: code, shortCircuit: true };
}

function salt() {
  cacheSalt ??= JSON.stringify([require('esbuild/package.json').version, transformOptions]);
  return cacheSalt;
}

function readCached(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // not compiled yet, or the cache is unreadable
  }
}

// Written aside and renamed into place: processes starting at once may compile the same file, and
// none of them must read another's half-written output.
function writeCached(path, code) {
  const partial = `${path}.${process.pid}-${threadId}.partial`;
  try {
    if (!cacheDirMade) mkdirSync(CACHE_DIR, { recursive: true });
    cacheDirMade = true;
    writeFileSync(partial, code);
    renameSync(partial, path);
  } catch {
    // A read-only checkout: the next start compiles again.
  }
}
