/**
 * Node module hooks that let unit tests import `*.svelte.ts` state classes: the TypeScript is
 * stripped, then Svelte's compiler turns the runes into its client runtime, as Vite does for the
 * browser. `svelte` imports resolve to the browser build so the runes run for real.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compileModule } from 'svelte/compiler';
import ts from 'typescript';

type Resolve = (specifier: string, context: { conditions: string[]; parentURL?: string }) => Promise<{ url: string }>;
type Load = (url: string, context: { format?: string }) => Promise<{ format: string; source: string | Buffer }>;

export async function resolve(specifier: string, context: { conditions: string[]; parentURL?: string }, nextResolve: Resolve) {
  if (specifier === 'svelte' || specifier.startsWith('svelte/')) {
    return nextResolve(specifier, { ...context, conditions: ['browser', ...context.conditions] });
  }
  return nextResolve(specifier, context);
}

export async function load(url: string, context: { format?: string }, nextLoad: Load) {
  if (!url.endsWith('.svelte.ts')) return nextLoad(url, context);
  const filename = fileURLToPath(url);
  const typescript = await readFile(filename, 'utf8');
  const javascript = ts.transpileModule(typescript, {
    fileName: filename,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true },
  }).outputText;
  const compiled = compileModule(javascript, { filename, generate: 'client', dev: false });
  return { format: 'module', source: compiled.js.code, shortCircuit: true };
}
