/**
 * The jest run mutation testing uses: the rule tests only (test/rules), with the project's own
 * transform. `npm run mutation` points Stryker at it.
 */
const base = require('../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir: '..',
  roots: ['<rootDir>/test/rules'],
};
