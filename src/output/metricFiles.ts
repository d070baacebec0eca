// The per-run metric files beside curve.csv: ntk.csv, kernel_init.csv / kernel_final.csv and directions.csv.
import { formatNumber } from './numbers.js';
import { tableToCsv } from './summary.js';

/** CSV of rows of numbers with a header line. */
export function rowsToCsv(columns: readonly string[], rows: readonly object[]): string {
  return tableToCsv({ columns: [...columns], rows: rows as Record<string, number>[] });
}

/** A P x P kernel (row-major) as P lines of P comma-separated numbers, no header (SPEC §3). */
export function kernelToCsv(kernel: Float64Array, points: number): string {
  const lines: string[] = [];
  for (let i = 0; i < points; i++) lines.push(Array.from(kernel.subarray(i * points, (i + 1) * points), formatNumber).join(','));
  return lines.join('\n') + '\n';
}
