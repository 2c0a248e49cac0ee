// The opentelemetry-js rule set (STYLE.md habit 2), applied to the packages' sources.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'test/**', 'bench/**', 'scripts/**', '**/test/**', '.tmp/**'] },
  {
    files: ['packages/*/src/**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: {
      parserOptions: { project: ['./packages/*/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Use explicit named exports (index.ts is the public API).' }],
      'no-console': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
);
