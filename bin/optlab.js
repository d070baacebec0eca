#!/usr/bin/env node
// optlab's executable: runs the compiled CLI (npm ci compiles src/ to dist/ in `prepare`). Ctrl-C is caught
// before the CLI loads, so that one while it loads stops `optlab run` cleanly too (src/cli/interrupts.ts).
import { catchInterrupts } from '../dist/cli/interrupts.js';

const interrupts = catchInterrupts();
const { main } = await import('../dist/cli/main.js');
await main(process.argv, interrupts);
