// final_params.json: the final parameters a run keeps in its folder when another run starts from them
// (model.init_from), one list of numbers per parameter tensor of the run, in the model's parameter order.
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../lib/errors.js';
import { runFolderPath } from './runFolder.js';

export const FINAL_PARAMS_FILE = 'final_params.json';

/** The file's text: float32 values written as the doubles they are, so they read back bit for bit. */
export function finalParamsJson(params: Float32Array[]): string {
  return `${JSON.stringify({ params: params.map((p) => Array.from(p)) })}\n`;
}

function finalParamsPath(outDir: string, runId: string): string {
  return join(runFolderPath(outDir, runId), FINAL_PARAMS_FILE);
}

/** Whether run `runId` of the experiment folder `outDir` kept its final parameters. */
export async function hasFinalParams(outDir: string, runId: string): Promise<boolean> {
  return access(finalParamsPath(outDir, runId)).then(
    () => true,
    () => false,
  );
}

/** The final parameters run `runId` of the experiment folder `outDir` kept; a UserError when it has none. */
export async function readFinalParams(outDir: string, runId: string): Promise<Float32Array[]> {
  const file = finalParamsPath(outDir, runId);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError(`${file}: not found: run ${runId} (model.init_from names it) kept no final parameters; train it again with --force`);
  }
  const parsed = JSON.parse(text) as { params: number[][] };
  return parsed.params.map((p) => Float32Array.from(p));
}
