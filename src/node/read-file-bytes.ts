import { readFile } from 'node:fs/promises';
import { fail } from '../core/errors.js';

/**
 * Throws `file_unreadable` for `path`, read by the public function `fn`, with the reason
 * in words and as a code (`details.reason`).
 */
export function fileUnreadable(fn: string, path: string, why: string, reason: string): never {
  return fail({ fn, code: 'file_unreadable', path: [path], value: path, message: `cannot read file ${path}: ${why}`, details: { reason } });
}

/**
 * Reads a whole file. Throws `file_unreadable` naming the file and the reason when it cannot
 * be read: no such file, a directory, permission denied, or the system's message.
 *
 * @param fn - The public function reading it (for the error).
 * @param path - The file path.
 * @returns The bytes.
 * @throws RiskStratifyError `file_unreadable`.
 */
export async function readFileBytes(fn: string, path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    return systemReason(fn, path, e);
  }
}

/** Internal: throws `file_unreadable` for a system error reading `path`, with the reason in words. */
export function systemReason(fn: string, path: string, e: unknown): never {
  const err = e as NodeJS.ErrnoException;
  const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a directory' : err.code === 'EACCES' ? 'permission denied' : err.message;
  return fileUnreadable(fn, path, why, err.code ?? err.message);
}
