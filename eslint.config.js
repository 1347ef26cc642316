// `npm run lint`: typescript-eslint over every TypeScript file the root tsconfig.json type-checks,
// with type information. The rule set stays small on purpose (promises that are awaited or handled,
// nothing awaited that is not a promise) so that it finishes fast; tsc checks the types themselves.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // admin-svelte has its own tsconfig and is checked by svelte-check (`npm run check:admin`, run by its tests).
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'bench/results/**', 'admin-svelte/**'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: {
      parserOptions: {
        // One program for the whole workspace (the root tsconfig.json): much faster than a project
        // service opening files one by one.
        project: './tsconfig.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
);
