// A one-line progress bar on a terminal; on a pipe, a plain line every 10%.
export class ProgressBar {
  private lastPct = -1;
  private readonly tty: boolean;

  constructor(private readonly total: number, private readonly label: string, private readonly out: NodeJS.WriteStream = process.stderr) {
    this.tty = Boolean(out.isTTY);
  }

  update(done: number, note = ''): void {
    const frac = this.total ? Math.min(1, done / this.total) : 1;
    const pct = Math.floor(frac * 100);
    if (this.tty) {
      const width = 30;
      const filled = Math.round(frac * width);
      this.out.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total} ${note}`.padEnd(100).slice(0, 120));
    } else if (Math.floor(pct / 10) > Math.floor(this.lastPct / 10)) {
      this.out.write(`${this.label} ${done}/${this.total} (${pct}%) ${note}\n`);
    }
    this.lastPct = pct;
  }

  done(): void {
    if (this.tty) this.out.write('\n');
  }
}
