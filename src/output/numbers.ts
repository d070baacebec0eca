// How numbers are spelt in the output files: full float precision, and NaN / Infinity / -Infinity by name.

/**
 * The shortest decimal that reads back as exactly the same double (String(x) guarantees that round trip),
 * NaN / Infinity / -Infinity for non-finite values, and "-0" so that a negative zero survives too.
 */
export function formatNumber(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

/** Reads back a number written by formatNumber; throws on anything else (including an empty cell). */
export function parseNumber(text: string): number {
  if (text === 'NaN') return Number.NaN;
  const value = Number(text);
  // Number() maps '' and whitespace to 0 and garbage to NaN: neither is a number formatNumber wrote.
  if (text.trim() === '' || Number.isNaN(value)) throw new Error(`not a number: "${text}"`);
  return value;
}
