#!/usr/bin/env node
// optlab's executable: runs the compiled CLI (npm ci compiles src/ to dist/ in `prepare`).
import { main } from '../dist/cli/main.js';

await main(process.argv);
