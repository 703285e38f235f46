/**
 * Batch progress on stderr. On a terminal: one bar redrawn in place with \r (samples/s, ETA,
 * failures). Elsewhere (logs, CI, pipes) \r would pile up as garbage, so plain lines are written
 * at every tenth of the work and at the end.
 */
export interface ProgressSink {
  isTTY: boolean;
  write(text: string): void;
}

export interface ProgressState {
  done: number;
  failed: number;
}

const BAR = 24;

/** "1:05", "0:07"; "--" while there is no rate yet. */
export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mmss = `${m}:${String(s % 60).padStart(2, '0')}`;
  return h ? `${h}:${mmss.padStart(5, '0')}` : mmss;
}

export class ProgressReporter {
  private readonly started: number;
  private nextLine: number;
  private readonly step: number;
  private drawn = false;

  constructor(
    readonly total: number,
    private readonly sink: ProgressSink,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
    this.step = Math.max(1, Math.ceil(total / 10));
    this.nextLine = this.step;
  }

  private describe(p: ProgressState): string {
    const seconds = (this.now() - this.started) / 1000;
    const rate = seconds > 0 ? p.done / seconds : 0;
    const eta = rate > 0 ? (this.total - p.done) / rate : NaN;
    const pct = this.total ? Math.floor((100 * p.done) / this.total) : 100;
    // Slow work (faithfulness metrics: seconds per sample) reads better as seconds per sample.
    const speed = rate > 0 && rate < 1 ? `${(1 / rate).toFixed(1)} s/sample` : `${rate.toFixed(1)} samples/s`;
    const parts = [`${p.done}/${this.total} (${pct}%)`, speed, p.done < this.total ? `ETA ${formatEta(eta)}` : `${formatEta(seconds)} elapsed`];
    if (p.failed) parts.push(`${p.failed} failed`);
    return parts.join(' · ');
  }

  update(p: ProgressState): void {
    if (this.sink.isTTY) {
      const filled = this.total ? Math.round((BAR * p.done) / this.total) : BAR;
      this.sink.write(`\r[${'█'.repeat(filled)}${'░'.repeat(BAR - filled)}] ${this.describe(p)}\x1b[K`);
      this.drawn = true;
    } else if (p.done >= this.nextLine || p.done === this.total) {
      this.sink.write(`progress: ${this.describe(p)}\n`);
      while (this.nextLine <= p.done) this.nextLine += this.step;
    }
  }

  /** Ends the bar's line so what follows starts on a fresh one. */
  end(): void {
    if (this.drawn) this.sink.write('\n');
    this.drawn = false;
  }
}
