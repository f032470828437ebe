// Lint: typescript-eslint's type-aware rules (floating promises, unused values) over src, tests and bench.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// The layers of src/ (docs/architecture.md): a file may import from the layers below its own, never above.
// Top to bottom: index.ts, cli/ → app.ts → discord/ → commands/ → jobs/ → charts/ → context.ts → db/ →
// domain/ → errors.ts, logger.ts, config.ts, metrics.ts, snowflake.ts.
const LAYERS = [
  ['./src/index.ts', './src/cli'],
  ['./src/app.ts'],
  ['./src/discord'],
  ['./src/commands'],
  ['./src/jobs'],
  ['./src/charts'],
  ['./src/context.ts'],
  ['./src/db'],
  ['./src/domain'],
  ['./src/errors.ts', './src/logger.ts', './src/config.ts', './src/metrics.ts', './src/snowflake.ts'],
];
const layerZones = LAYERS.flatMap((layer, i) =>
  layer.map((target) => ({
    target,
    from: LAYERS.slice(0, i).flat(),
    message: 'Imports point down the layers (docs/architecture.md): move the shared piece down instead.',
  })),
).filter((z) => z.from.length);

export default tseslint.config(
  { ignores: ['dist/', '.bench-build/', 'drizzle/', 'node_modules/', 'coverage/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-unused-expressions': 'error',
      eqeqeq: ['error', 'smart'],
      // Raw payloads carry plain numbers that we compare with discord-api-types' enums on purpose.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // An async function that satisfies an async interface without awaiting is fine.
      '@typescript-eslint/require-await': 'off',
      // Its "the receiver accepts the original type" case disagrees with tsc on discord-api-types' object
      // literals (removing the assertion breaks the type check), so its autofix cannot be trusted.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    // Tests read JSON written by the code under test: `any` there is the data under inspection.
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
      'import-x/no-cycle': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['drizzle-orm', 'drizzle-orm/*'],
              message: 'SQL lives in src/db: call a verb-named query function.',
            },
          ],
        },
      ],
    },
  },
  { files: ['src/db/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  { files: ['scripts/*.mjs'], languageOptions: { globals: { console: 'readonly', process: 'readonly' } } },
);
