/**
 * One jest run over every package's unit tests and the cross-package tests in test/.
 * TypeScript sources are transpiled by ts-jest (type checking is `npm run build`'s job);
 * the `.js` suffix of NodeNext-style relative imports is mapped back to the `.ts` source.
 */
const tsJest = ['ts-jest', { isolatedModules: true, tsconfig: '<rootDir>/tsconfig.jest.json' }];
const common = {
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^@agentmeter/analysis$': '<rootDir>/packages/analysis/src/index.ts',
    '^@agentmeter/sdk$': '<rootDir>/packages/sdk/src/index.ts',
  },
  testEnvironment: 'node',
  rootDir: __dirname,
};
module.exports = {
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'analysis', testMatch: ['<rootDir>/packages/analysis/test/**/*.test.ts'] },
    { ...common, displayName: 'sdk', testMatch: ['<rootDir>/packages/sdk/test/**/*.test.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/**/*.test.ts'] },
  ],
};
