// The templates' files are what `kuack func create` copies, not modules of this project: their package.json
// files share names (node and typescript variants), which Jest's module map would report as collisions.
module.exports = require('../../jest.preset.cjs').projectConfig(__dirname, {
  modulePathIgnorePatterns: ['<rootDir>/src/templates/files/'],
});
