import { isRiskStratifyError } from '../core/errors.js';

/** A mistake in how the command was called (exit code 2) or a problem it can name (exit 1). */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A usage mistake: unknown flag, missing argument (exit code 2). */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}

/**
 * One line for the terminal: the library's message (which names the function, field and
 * value) plus the file and row when the error carries them.
 */
export function describeError(e: unknown): string {
  if (isRiskStratifyError(e)) {
    const d = (e.details ?? {}) as Record<string, unknown>;
    const where: string[] = [];
    const file = d['file'] ?? d['source'] ?? d['path'];
    if (typeof file === 'string' && !e.message.includes(file)) where.push(file);
    const row = d['row'];
    if ((typeof row === 'number' || typeof row === 'string') && !/\brow\b/.test(e.message)) where.push(`row ${row}`);
    const field = d['field'];
    if (typeof field === 'string' && !e.message.includes(field)) where.push(`field ${field}`);
    return (where.length ? `${where.join(', ')}: ` : '') + oneLine(e.message);
  }
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    const p = (e as NodeJS.ErrnoException).path;
    if (code && p && (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR')) return `${p}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : 'is a folder'}`;
    return oneLine(e.message);
  }
  return oneLine(String(e));
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}
