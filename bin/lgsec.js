#!/usr/bin/env node
'use strict';
const fs = require('fs');
const path = require('path');

// Installed from the package, the command runs the compiled JavaScript in dist/. In a checkout of
// the sources (lib/*.ts present) it runs the TypeScript through esbuild-register instead, so that
// `npm run lgsec` never runs a stale build; dynamic import() becomes require() there, so commands
// still load their modules (engine, report, sanitizer) only when run.
const sources = path.join(__dirname, '..', 'lib', 'cli', 'main.ts');
if (fs.existsSync(sources)) {
  require('esbuild-register/dist/node').register({ target: 'node20', supported: { 'dynamic-import': false } });
  require('../lib/cli/main').run();
} else {
  require('../dist/lib/cli/main').run();
}
