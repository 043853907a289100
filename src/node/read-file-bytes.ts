import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { fail } from '../core/errors.js';

/**
 * Internal: reads a text file's bytes (gunzipping it first when it starts with the gzip magic
 * bytes), checking what `readTextFile` checks: throws `file_unreadable` naming the file and
 * the reason when it is missing, a directory, not permitted, a corrupt gzip, or binary (a NUL
 * byte in the first 64 KiB). O(file size).
 *
 * @param fn - The public function reading it (for the error).
 * @param path - The file path.
 * @returns The bytes (UTF-8 text, not yet decoded).
 * @throws RiskStratifyError `file_unreadable`.
 * @example
 * (await readFileBytes('loadPopulationFromFiles', 'patients.csv')).length; // => the file's size in bytes
 */
export async function readFileBytes(fn: string, path: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a directory' : err.code === 'EACCES' ? 'permission denied' : err.message;
    return fail({ fn, code: 'file_unreadable', path: [path], value: path, message: `cannot read file ${path}: ${why}`, details: { reason: err.code ?? err.message } });
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      return fail({ fn, code: 'file_unreadable', path: [path], value: path, message: `cannot read file ${path}: corrupt gzip (${(e as Error).message})`, details: { reason: 'corrupt_gzip' } });
    }
  }
  const head = bytes.subarray(0, 65536);
  if (head.includes(0)) {
    return fail({ fn, code: 'file_unreadable', path: [path], value: path, message: `cannot read file ${path}: binary content, not CSV text`, details: { reason: 'binary' } });
  }
  return bytes;
}
