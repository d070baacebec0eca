// Versions recorded in every run.json: optlab, TensorFlow.js and Node.
import * as tf from '@tensorflow/tfjs';
import { OPTLAB_VERSION } from '../lib/version.js';

/** Versions of the software that produced a result. */
export function softwareVersions(): Record<string, string> {
  return { optlab: OPTLAB_VERSION, tfjs: tf.version.tfjs, node: process.versions.node };
}
