import { readTextBytes } from './read-text-bytes.js';

/**
 * Reads a text file as UTF-8 (gunzipping it first when it starts with the gzip magic
 * bytes). Throws `file_unreadable` naming the file and the reason when it cannot be read:
 * missing, a directory, no permission, a corrupt gzip, or binary content (a NUL byte in the
 * first 64 KiB).
 *
 * @param fn - The public function reading it (for the error).
 * @param path - The file path.
 * @returns The text.
 * @throws RiskStratifyError `file_unreadable`.
 * @example
 * await readTextFile('loadPopulationFromFiles', 'patients.csv'); // => 'id,practiceId,...'
 */
export async function readTextFile(fn: string, path: string): Promise<string> {
  return (await readTextBytes(fn, path)).toString('utf8');
}
