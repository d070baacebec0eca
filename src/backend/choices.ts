// The backends a user may ask for (kept apart from backend.ts so the CLI can name them without loading tfjs).

export type BackendChoice = 'auto' | 'tensorflow' | 'wasm' | 'cpu';
export const BACKEND_CHOICES: BackendChoice[] = ['auto', 'tensorflow', 'wasm', 'cpu'];
