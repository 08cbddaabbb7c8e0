#!/usr/bin/env node
import { runCli } from './cli.js';
import { processIo } from './io.js';

process.exitCode = await runCli(process.argv.slice(2), processIo());
// A worker or timer left behind by a library must not keep a finished command alive; unref'd, this
// timer fires only if something else still holds the event loop open.
setTimeout(() => process.exit(), 2000).unref();
