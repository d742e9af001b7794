/** e2e tests: real Docker engine, real registry on loopback, nx as a subprocess. Never mocked. */
const unit = require('./jest.config.js');
module.exports = {
  ...unit,
  displayName: 'nx-docker-release-e2e',
  roots: ['<rootDir>/e2e'],
  testMatch: ['**/*.e2e.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 300000,
};
