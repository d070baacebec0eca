// Versions recorded in every run.json: optlab, TensorFlow.js and Node.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** optlab's own version (package.json). */
export const OPTLAB_VERSION: string = packageJson.version;

/** Versions of the software that produced a result. */
export function softwareVersions(): Record<string, string> {
  return { optlab: OPTLAB_VERSION, tfjs: tf.version.tfjs, node: process.versions.node };
}
