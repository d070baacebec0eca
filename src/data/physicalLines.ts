// A pass-through byte stream that can say which physical line of the file a byte offset is on.
import { Transform, type TransformCallback } from 'node:stream';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Passes a file's bytes on unchanged and answers `lineAt(offset)` for offsets asked in increasing
 * order. A line ends at LF, CRLF or a lone CR (the record delimiters the CSV reader accepts), inside
 * quoted fields too. csv-parse's own `info.lines` counts a CRLF inside a quoted field as two lines,
 * hence this count from byte offsets.
 *
 * Bytes are kept only until an offset past them is asked for, so memory stays bounded when the
 * reader asks for the line of each record as it goes (records lag the bytes by the streams' buffers).
 */
export class PhysicalLines extends Transform {
  /** Chunks passed on whose bytes are not all counted yet; the first is counted up to `firstUsed`. */
  private readonly pending: Buffer[] = [];
  private firstUsed = 0;
  /** File offset up to which line ends are counted. */
  private counted = 0;
  private line = 1;
  private previousByte = -1;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.pending.push(chunk);
    done(null, chunk);
  }

  /** The 1-based physical line holding byte `offset` (offsets must not decrease between calls). */
  lineAt(offset: number): number {
    while (this.counted < offset && this.pending.length > 0) {
      const chunk = this.pending[0];
      const end = Math.min(chunk.length, this.firstUsed + offset - this.counted);
      for (let i = this.firstUsed; i < end; i++) {
        const byte = chunk[i];
        // A CR ends a line; an LF does unless it completes a CRLF. This needs only the byte before,
        // never the one after, which may not have arrived yet.
        if (byte === CR || (byte === LF && this.previousByte !== CR)) this.line++;
        this.previousByte = byte;
      }
      this.counted += end - this.firstUsed;
      this.firstUsed = end;
      if (end === chunk.length) {
        this.pending.shift();
        this.firstUsed = 0;
      }
    }
    return this.line;
  }
}
