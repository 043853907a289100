import { gunzipSync } from 'node:zlib';
import { fileUnreadable, readFileBytes } from './read-file-bytes.js';

/**
 * Internal: reads a text file's bytes, gunzipping them first when they start with the gzip
 * magic bytes, not yet decoded. Throws `file_unreadable` naming the file and the reason when
 * it cannot be read: missing, a directory, no permission, a corrupt gzip, or binary content
 * (a NUL byte in the first 64 KiB). `readTextFile` is these bytes decoded as UTF-8.
 * O(file size).
 *
 * @param fn - The public function reading it (for the error).
 * @param path - The file path.
 * @returns The bytes (UTF-8 text).
 * @throws RiskStratifyError `file_unreadable`.
 * @example
 * (await readTextBytes('loadPopulationFromFiles', 'patients.csv')).length; // => the text's size in bytes
 */
export async function readTextBytes(fn: string, path: string): Promise<Buffer> {
  let bytes = await readFileBytes(fn, path);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      return fileUnreadable(fn, path, `corrupt gzip (${(e as Error).message})`, 'corrupt_gzip');
    }
  }
  if (bytes.subarray(0, 65536).includes(0)) return fileUnreadable(fn, path, 'binary content, not CSV text', 'binary');
  return bytes;
}
