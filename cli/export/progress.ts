/** Progress on stderr: a line redrawn in place on a terminal, otherwise only the milestones. */
export class Progress {
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  /** A milestone, always printed on its own line. */
  say(text: string): void {
    this.clear();
    this.stream.write(`${text}\n`);
  }

  /** A step of a long read; drawn only on a terminal. */
  step(text: string): void {
    if (!this.stream.isTTY) return;
    this.stream.write(`\r\x1b[2K${text}`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.stream.write("\r\x1b[2K");
    this.drawn = false;
  }
}
