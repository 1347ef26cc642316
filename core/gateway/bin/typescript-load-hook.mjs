/**
 * The module loader hook behind typescript-loader.mjs: `.ts` files are compiled by esbuild as ES
 * modules, with the compiler options of the repository's tsconfig that change emitted code.
 * Imports name their `.ts` files, so Node.js resolves them unaided; everything else loads as usual.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

const compilerOptions = { target: 'ES2023', verbatimModuleSyntax: true, useDefineForClassFields: true };

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const compiled = await transform(await readFile(file, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    sourcefile: file,
    tsconfigRaw: { compilerOptions },
  });
  return { format: 'module', source: compiled.code, shortCircuit: true };
}
