/**
 * Where the command writes. Commands never touch `process.stdout` directly, so tests inject
 * writers and read back exactly what a user would see.
 */
export interface CliIO {
  /** Results (text or JSON with `--json`). */
  stdout(text: string): void;
  /** Progress, summaries and errors. */
  stderr(text: string): void;
  /** True when stderr is a terminal: only then is a progress bar drawn. */
  readonly stderrIsTTY: boolean;
  /** Terminal width for the progress bar. */
  readonly columns: number;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
}

/** The real terminal. */
export function processIO(): CliIO {
  return {
    stdout: (t) => { process.stdout.write(t); },
    stderr: (t) => { process.stderr.write(t); },
    stderrIsTTY: process.stderr.isTTY === true,
    columns: process.stderr.columns ?? 80,
    cwd: process.cwd(),
  };
}

/** An in-memory CLI IO for tests: everything written is kept in `out` and `err`. */
export function memoryIO(cwd = process.cwd(), tty = false): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(t: string) { io.out += t; },
    stderr(t: string) { io.err += t; },
    stderrIsTTY: tty,
    columns: 80,
    cwd,
  };
  return io;
}
