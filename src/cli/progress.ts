import type { CliIO } from './io.js';

/** A progress callback in the library's shape, plus `done()` to clear the line. */
export interface Progress {
  (done: number, total: number): void;
  /** Clears the bar (call once the step is over). */
  end(): void;
}

/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal (and not with
 * `--json`); otherwise a no-op, so piped output and logs stay clean. Redraws at most every
 * 1% to keep the cost negligible next to the work it reports on.
 */
export function createProgress(io: CliIO, label: string, enabled = io.stderrIsTTY): Progress {
  let last = -1;
  let drawn = false;
  const width = Math.max(10, Math.min(40, io.columns - label.length - 20));
  const fn = ((done: number, total: number) => {
    if (!enabled || !(total > 0)) return;
    const frac = Math.min(1, Math.max(0, done / total));
    const pct = Math.floor(frac * 100);
    if (pct === last) return;
    last = pct;
    const fill = Math.round(frac * width);
    io.stderr(`\r${label} [${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${String(pct).padStart(3)}%`);
    drawn = true;
  }) as Progress;
  fn.end = () => {
    if (drawn) io.stderr(`\r${' '.repeat(label.length + width + 10)}\r`);
    drawn = false;
    last = -1;
  };
  return fn;
}
