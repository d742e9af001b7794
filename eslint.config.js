// ESLint for the plugin and the tools: recommended JavaScript and TypeScript rules, plus the
// layering of docs/design.md as import rules (the pure core imports no Node module and nothing
// above it; the I/O layers import nothing from the Nx entry points above them).
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

const BUILTINS = require('node:module').builtinModules.filter((m) => !m.startsWith('_'));
const layer = (names) => names.map((name) => ({ regex: `^(\\.\\./)+(${name})(/|$)`, message: `${name}/ is above this layer (docs/design.md, "Shape")` }));
const TOP = ['executors', 'generators', 'graph', 'index'];
const IO = ['facts', 'engine', 'log', 'report'];
const NODE = [{ regex: `^(node:.*|${BUILTINS.join('|')})(/.*)?$`, message: 'the pure core imports no Node module: take the value as a fact or an argument' }];

module.exports = tseslint.config(
  { ignores: ['**/node_modules/**', 'dist/**', 'tmp/**', '.nx/**', '**/fixtures/**', '**/files/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        URL: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Specs read JSON fixtures and jest-mocked modules with require().
    files: ['**/*.spec.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['packages/nx-docker-release/src/metadata/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...NODE, ...layer(['release', ...IO, ...TOP])] }] },
  },
  {
    // Dockerfile syntax: pure, below the planner (which reads base images) and the graph.
    files: ['packages/nx-docker-release/src/dockerfile/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...NODE, ...layer(['metadata', 'release', ...IO, ...TOP])] }] },
  },
  {
    files: ['packages/nx-docker-release/src/release/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...NODE, ...layer([...IO, ...TOP])] }] },
  },
  {
    files: ['packages/nx-docker-release/src/{facts,engine,log,report}/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: layer(TOP) }] },
  },
);
