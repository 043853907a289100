import { fail } from '../core/errors.js';

/**
 * Throws `invalid_input` for a code-list file: the message starts with the file and the row
 * (1-based data row, header excluded; 0 for the file as a whole), so an analyst can open the
 * file at the line. Internal.
 */
export function codeListError(fn: string, file: string, row: number, field: string, value: unknown, message: string): never {
  const where = row > 0 ? `${file} row ${row}` : file;
  return fail({ fn, code: 'invalid_input', path: [file, ...(row > 0 ? [row] : []), ...(field ? [field] : [])], value, message: `${where}: ${message}`, details: { file, row } });
}
