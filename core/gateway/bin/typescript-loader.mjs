/**
 * How the gateway runs its TypeScript in production (`npm start`): `node --import` this file.
 *
 * tsx, which the tests and tools use, compiles with esbuild's `keepNames`: every closure the code
 * creates then goes through a helper that redefines its `name`, about half a microsecond each, on
 * every request. The gateway does not need function names at run time, so this registers a loader
 * hook that compiles with esbuild directly, without it. Source maps are kept (inline) and enabled, so
 * stack traces still point into the TypeScript sources.
 *
 * The hook runs in this thread (module.registerHooks) rather than in a loader worker (module.register):
 * the gateway loads about 500 modules, and a round trip to the worker for each one, with a compile
 * waiting on esbuild's process behind it, made up most of a start's CPU time. Compiled modules are
 * kept on disk (typescript-load-hook.mjs), and so is V8's code for them (Node's compile cache), so a
 * start after the first compiles nothing.
 */
import module from 'node:module';
import { fileURLToPath } from 'node:url';
import { load } from './typescript-load-hook.mjs';

process.setSourceMapsEnabled(true);
// NODE_COMPILE_CACHE, when set, wins; the status it returns says when the directory is unusable,
// which only costs the speed-up. Node.js before 22.1 has no compile cache.
module.enableCompileCache?.(process.env.NODE_COMPILE_CACHE || fileURLToPath(new URL('../../../node_modules/.cache/conduit/node-compile-cache', import.meta.url)));
// Node.js 20, which some machines still run the tests on, has only the worker's hooks; the hook serves both.
if (module.registerHooks) module.registerHooks({ load });
else module.register('./typescript-load-hook.mjs', import.meta.url);
