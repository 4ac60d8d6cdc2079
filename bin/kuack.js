#!/usr/bin/env node
// The `kuack` command from a checkout: rebuilds the bundled apps when a source is newer than the last build,
// then runs the compiled CLI (no TypeScript loader at run time).
'use strict';
const path = require('node:path');
const { ensureBuilt } = require('../tools/build/ensure-built.cjs');

const root = path.resolve(__dirname, '..');
ensureBuilt(root);
require(path.join(root, 'dist/apps/cli/main.js'));
