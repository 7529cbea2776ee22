import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'coverage/**',
      'bin/**',
      'tmp/**',
      'bench-data/**',
      'test-results/**',
      'eslint.config.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // The shared contract is imported by the renderer too: no Node or Electron in it.
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'electron', 'fs', 'path', 'worker_threads', 'better-sqlite3'] },
      ],
    },
  },
  {
    // The engine runs under plain Node (CLI, tests, workers): it never imports Electron.
    // Only the desktop app's main process and preload (src-main/electron/) may.
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/electron/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron', 'electron-store'] }] },
  },
  {
    // The preload runs sandboxed in the page's renderer: Electron's renderer modules and
    // bundled code only, no Node built-ins.
    files: ['src-main/electron/preload.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['node:*', 'electron-store'] }] },
  },
  {
    // The renderer runs in a browser page: browser globals, React's rules of hooks.
    files: ['src-renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: ['node:*', 'electron', 'better-sqlite3'] }],
    },
  },
  {
    files: [
      'test/**/*.ts',
      'scripts/**/*.ts',
      'src-main/cli/**/*.ts',
      'src-main/serve/serve-command.ts',
    ],
    rules: { 'no-console': 'off' },
  },
  prettier,
);
