// Runs a test suite once per backend that CI has (cpu and wasm), switching tfjs's backend before each.
import { beforeAll, describe } from 'vitest';
import { useBackend } from '../../src/backend/backend.js';

export const TEST_BACKENDS = ['cpu', 'wasm'] as const;
export type TestBackend = (typeof TEST_BACKENDS)[number];

/** `describe` once per backend; tests inside run with that backend active. */
export function describeEachBackend(title: string, body: (backend: TestBackend) => void): void {
  for (const backend of TEST_BACKENDS) {
    describe(`${title} [${backend}]`, () => {
      beforeAll(async () => {
        await useBackend(backend);
      });
      body(backend);
    });
  }
}
