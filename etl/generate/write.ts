// Buffered CSV output: rows are joined into ~1 MB strings and written with backpressure.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

const chunkSize = 1 << 20;

export class CsvSink {
  private text = '';
  private readonly stream: WriteStream;

  constructor(path: string, header: readonly string[]) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    this.text = header.join(',') + '\n';
  }

  /** Appends one row (already joined, ending in a newline). */
  add(line: string): void {
    this.text += line;
  }

  get full(): boolean {
    return this.text.length >= chunkSize;
  }

  async flush(): Promise<void> {
    const text = this.text;
    this.text = '';
    if (text && !this.stream.write(text)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
  }
}

const needsQuotes = /[",\r\n]/;

/** RFC 4180: quote a field that holds a comma, quote or line break, doubling inner quotes. */
export function field(value: string): string {
  return needsQuotes.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Opaque ids with a letter and a zero-padded sequence number, e.g. C000042. */
export function idFormatter(letter: string, count: number, minWidth: number): (i: number) => string {
  const width = Math.max(minWidth, String(count).length);
  return (i) => letter + String(i + 1).padStart(width, '0');
}
