import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import catd from './scripts/lint/boundaries.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { catd },
    rules: {
      // The layout of DESIGN.md §3 (scripts/lint/boundaries.mjs says each rule and why).
      'catd/boundaries': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only electron/main.ts and electron/preload.ts may import electron (DESIGN.md §2).',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read JSON answers of any shape on purpose, to assert what comes back.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['electron/main.ts', 'electron/preload.ts', 'electron/updater.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['fs', 'path', 'os', 'crypto', 'electron'].map((name) => ({
            name,
            message: 'shared/ compiles for both sides: no Node or Electron imports.',
          })),
          patterns: [{ group: ['node:*'], message: 'shared/ compiles for both sides: no Node imports.' }],
        },
      ],
    },
  },
);
