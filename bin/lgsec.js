#!/usr/bin/env node
'use strict';
// The command runs the TypeScript sources: esbuild-register compiles each file as it is loaded,
// several times faster than ts-node, and node_modules are left alone. Dynamic import() becomes
// require(), so that commands load their modules (engine, report, sanitizer) only when run.
require('esbuild-register/dist/node').register({ target: 'node20', supported: { 'dynamic-import': false } });
require('../lib/cli/main').run();
