import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', '.nx/**', 'tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    plugins: { '@nx': nx },
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            // The platform (the kuack CLI, the embedded cluster) composes every part of Kuack.
            { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['*'] },
            { sourceTag: 'scope:serving', onlyDependOnLibsWithTags: ['scope:serving', 'scope:shared'] },
            { sourceTag: 'scope:eventing', onlyDependOnLibsWithTags: ['scope:eventing', 'scope:shared'] },
            { sourceTag: 'scope:functions', onlyDependOnLibsWithTags: ['scope:functions', 'scope:shared'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Function templates import the SDK as their generated projects will (`@kuack/functions`).
    files: ['libs/functions/src/templates/files/**'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
    languageOptions: { globals: { fetch: 'readonly', Request: 'readonly', Response: 'readonly' } },
  },
  {
    files: ['**/*.cjs', '**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
