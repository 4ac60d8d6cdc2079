// Shared Jest settings for every project. See docs/adr/0002-testing.md.
const path = require('node:path');
const { pathsToModuleNameMapper } = require('./tools/build/jest-paths.cjs');

/** @param {string} projectDir absolute path of the project (its jest.config.cjs folder) */
function projectConfig(projectDir, overrides = {}) {
  const name = path.relative(__dirname, projectDir);
  return {
    displayName: name,
    rootDir: projectDir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/**/*.spec.ts'],
    // client-node and its ESM-only dependencies must go through the transform too.
    transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
    transformIgnorePatterns: ['/node_modules/(?!(@kubernetes/client-node|openid-client|oauth4webapi|jose)/)'],
    moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
    moduleNameMapper: pathsToModuleNameMapper(__dirname),
    ...overrides,
  };
}

module.exports = { projectConfig };
