// A small line writer with indentation: the generated program is built line by line,
// so its layout is stable and easy to read in golden-file diffs.

export class CodeWriter {
  private readonly lines: string[] = [];
  private depth = 0;

  /** Appends one line at the current indentation (an empty call writes a blank line). */
  line(text = ''): this {
    this.lines.push(text === '' ? '' : '  '.repeat(this.depth) + text);
    return this;
  }

  /** Writes `open`, indents the body, then writes `close`. */
  block(open: string, body: () => void, close = '}'): this {
    this.line(open);
    this.depth += 1;
    body();
    this.depth -= 1;
    return this.line(close);
  }

  toString(): string {
    return this.lines.join('\n') + '\n';
  }
}
