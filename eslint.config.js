// Lint: typescript-eslint's recommended rules that this code base keeps, plus one rule of our own,
// `provably/layers`, which enforces the pipeline's layer order: a module may import only from its
// own layer or from layers below it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layerRule } from './scripts/lint/layers.js';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'coverage/**', 'reports/**', '**/*.tmp'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // Unused names are either dead code or a missed use: both worth a look. `_`-prefixed are deliberate.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'prefer-const': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Tests and benches reshape raw JSON on purpose (broken result files, peer output).
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Plain Node scripts (provisioning, lint rule, launchers): Node's globals.
    files: ['**/*.{js,mjs}'],
    languageOptions: {
      globals: Object.fromEntries(
        ['process', 'console', 'URL', 'Buffer', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'].map((g) => [g, 'readonly']),
      ),
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { provably: { rules: { layers: layerRule } } },
    rules: { 'provably/layers': 'error', '@typescript-eslint/no-explicit-any': 'error' },
  },
);
