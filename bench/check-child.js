'use strict';
// Runs `lgsec check` in this process (as bin/lgsec.js does) and reports its exit code and peak
// RSS on the last stderr line, for bench/real-world.ts.
require('esbuild-register/dist/node').register({ target: 'node20', supported: { 'dynamic-import': false } });
const lines = [];
const io = {
  stdout: process.stdout,
  stderr: {
    write: (text) => {
      lines.push(String(text));
      return true;
    },
  },
  cwd: process.cwd(),
  env: {},
};
require('../lib/cli/main')
  .main(process.argv.slice(2), io)
  .then((code) => {
    const fatal = code === 2 && lines.length === 1 ? lines[0].trim() : undefined;
    process.stderr.write(`${JSON.stringify({ code, maxRssKiB: process.resourceUsage().maxRSS, fatal })}\n`);
  });
