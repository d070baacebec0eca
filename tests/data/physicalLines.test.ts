// Checks the line counter against a regular expression over the text, on random texts cut into random
// chunks and asked about while they stream, as the CSV reader does.
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhysicalLines } from '../../src/data/physicalLines.js';

/** The reference: 1 + the line ends (CRLF, lone CR, LF) in the text before `offset`. */
function referenceLine(text: string, offset: number): number {
  return 1 + (text.slice(0, offset).match(/\r\n|\r|\n/g)?.length ?? 0);
}

/**
 * Streams `text` in chunks cut at `cuts` through a PhysicalLines and asks it, downstream, for the line
 * of each offset (ascending) once the bytes up to it have gone through; returns the answers.
 */
async function linesWhileStreaming(text: string, cuts: number[], offsets: number[]): Promise<number[]> {
  const bounds = [0, ...cuts, text.length];
  const chunks = bounds.slice(1).map((end, k) => Buffer.from(text.slice(bounds[k], end), 'latin1'));
  const lines = new PhysicalLines();
  const answers: number[] = [];
  let received = 0;
  let next = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      for (; next < offsets.length && offsets[next] <= received; next++) answers.push(lines.lineAt(offsets[next]));
      done();
    },
  });
  await pipeline(Readable.from(chunks.filter((c) => c.length > 0)), lines, sink);
  for (; next < offsets.length; next++) answers.push(lines.lineAt(offsets[next]));
  return answers;
}

describe('PhysicalLines', () => {
  it('counts LF, CRLF and lone CR as one line end each', async () => {
    // "a\r\nb\nc\rd": a on line 1, b on 2, c on 3, d on 4; a CRLF cut between its CR and LF still counts once.
    const text = 'a\r\nb\nc\rd';
    expect(await linesWhileStreaming(text, [2], [0, 3, 5, 7, 8])).toEqual([1, 2, 3, 4, 4]);
  });

  it('agrees with the reference on random texts, cuts and offsets', async () => {
    const text = fc.array(fc.constantFrom('a', ',', '"', '\r', '\n'), { maxLength: 60 }).map((cs) => cs.join(''));
    const sortedIn = (length: number) => fc.array(fc.integer({ min: 0, max: length }), { maxLength: 12 }).map((xs) => [...xs].sort((p, q) => p - q));
    const cases = text.chain((t) => fc.tuple(fc.constant(t), sortedIn(t.length), sortedIn(t.length)));
    await fc.assert(
      fc.asyncProperty(cases, async ([t, cuts, offsets]) => {
        expect(await linesWhileStreaming(t, cuts, offsets)).toEqual(offsets.map((o) => referenceLine(t, o)));
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
