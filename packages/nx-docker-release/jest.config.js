/** Unit tests: pure code and the executor with a faked process runner (jest.mock of engine/runner). */
module.exports = {
  displayName: 'nx-docker-release',
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/corpus/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/files/'],
  // A private TMPDIR for the run, removed at its end (spec-support/private-tmp.js).
  globalSetup: '<rootDir>/spec-support/private-tmp-setup.js',
  globalTeardown: '<rootDir>/spec-support/private-tmp-teardown.js',
};
