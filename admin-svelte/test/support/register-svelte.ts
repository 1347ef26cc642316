/** Import first (before any `*.svelte.ts`): installs svelte-module-hooks.ts. */
import { register } from 'node:module';

register(new URL('./svelte-module-hooks.ts', import.meta.url));
