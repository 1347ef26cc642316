/**
 * How the gateway runs its TypeScript in production (`npm start`): `node --import` this file.
 *
 * tsx, which the tests and tools use, compiles with esbuild's `keepNames`: every closure the code
 * creates then goes through a helper that redefines its `name`, about half a microsecond each, on
 * every request. The gateway does not need function names at run time, so this registers a loader
 * hook that compiles with esbuild directly, without it. Source maps are kept (inline) and enabled, so
 * stack traces still point into the TypeScript sources.
 */
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
register('./typescript-load-hook.mjs', import.meta.url);
