// Tables as text for people: columns aligned for a terminal, or a Markdown pipe table.

/** Columns padded to their widest cell and two spaces apart, under a dashed rule; `leftAligned` columns (text) pad right, numbers pad left. */
export function alignedTable(header: readonly string[], rows: readonly (readonly string[])[], leftAligned: ReadonlySet<number>): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]) => cells
    .map((cell, column) => (leftAligned.has(column) ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
    .join('  ')
    .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** A Markdown (GitHub) pipe table; a | inside a cell is escaped. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
