/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Type-checking is `tsc --noEmit` in `npm test`; here ts-jest only transpiles (isolatedModules
  // in tsconfig.jest.json), which keeps the CDK-heavy suites fast.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }] },
  testTimeout: 120000,
  setupFiles: ['<rootDir>/test/setup-env.js'],
  setupFilesAfterEnv: ['<rootDir>/test/setup-cleanup.ts'],
};
