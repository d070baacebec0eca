// The entry of one thread of tfjs-wasm's multi-threaded build under Node (started by src/backend/wasmThreads.ts as
// a worker_threads Worker). The build ships its thread script as a string that browsers load from a Blob URL; this
// file runs the same script, the way tfjs itself prepares it (its newlines escaped), and makes the Blob of the
// module's main script that the script receives resolve to the package's own copy of that script.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const WASM_OUT = '@tensorflow/tfjs-backend-wasm/wasm-out/';
const mainScript = require.resolve(`${WASM_OUT}tfjs-backend-wasm-threaded-simd.js`);
const { wasmWorkerContents } = require(`${WASM_OUT}tfjs-backend-wasm-threaded-simd.worker.js`) as { wasmWorkerContents: string };

// The thread script loads the main script through URL.createObjectURL(blob) then importScripts (a file read).
URL.createObjectURL = () => mainScript;
new Function('require', '__filename', wasmWorkerContents.replace(/\n/g, '\\n'))(require, mainScript);
