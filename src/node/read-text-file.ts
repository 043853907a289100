import { constants } from 'node:buffer';
import { fileUnreadable } from './read-file-bytes.js';
import { formatBytes } from './read-limits.js';
import { readTextBytes } from './read-text-bytes.js';

/**
 * Reads a text file as UTF-8 (gunzipping it first when it starts with the gzip magic
 * bytes). Throws `file_unreadable` naming the file and the reason when it cannot be read:
 * missing, a directory, no permission, a corrupt gzip, binary content (a NUL byte in the
 * first 64 KiB), or text longer than one JavaScript string (about 512 MiB; `details.reason:
 * 'too_large'`).
 *
 * @param fn - The public function reading it (for the error).
 * @param path - The file path.
 * @returns The text.
 * @throws RiskStratifyError `file_unreadable`.
 * @example
 * await readTextFile('loadPopulationFromFiles', 'patients.csv'); // => 'id,practiceId,...'
 */
export async function readTextFile(fn: string, path: string): Promise<string> {
  const bytes = await readTextBytes(fn, path);
  if (bytes.length > constants.MAX_STRING_LENGTH) {
    return fileUnreadable(fn, path, `it is ${formatBytes(bytes.length)} of text, more than one string holds (${formatBytes(constants.MAX_STRING_LENGTH)})`, 'too_large');
  }
  return bytes.toString('utf8');
}
