import { open, type FileHandle } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { fileUnreadable, systemReason } from './read-file-bytes.js';
import { formatBytes, READ_LIMITS } from './read-limits.js';

/** How much of a text source is checked for binary content (a NUL byte). */
const HEAD = 65536;

/**
 * Internal: reads a text file's bytes, gunzipping them first when they start with the gzip
 * magic bytes, not yet decoded. Throws `file_unreadable` naming the file and the reason when
 * it cannot be read: missing, a directory, no permission, a corrupt gzip, or binary content
 * (a NUL byte in the first 64 KiB). The binary check runs on the first 64 KiB as soon as they
 * are read, before the rest is: /dev/zero is refused after 64 KiB. A source that is not a
 * regular file (a pipe, a FIFO, a device) is read up to `READ_LIMITS.maxStreamBytes` (4 GiB)
 * and refused beyond it (`details.reason: 'too_large'`), as is a file or decompressed gzip
 * larger than Node's largest buffer. O(file size).
 *
 * @param fn - The public function reading it (for the error).
 * @param path - The file path.
 * @returns The bytes (UTF-8 text).
 * @throws RiskStratifyError `file_unreadable`.
 * @example
 * (await readTextBytes('loadPopulationFromFiles', 'patients.csv')).length; // => the text's size in bytes
 */
export async function readTextBytes(fn: string, path: string): Promise<Buffer> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    return systemReason(fn, path, e);
  }
  try {
    let bytes = await readAll(fn, path, fh);
    if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
      try {
        bytes = gunzipSync(bytes, { maxOutputLength: READ_LIMITS.maxFileBytes });
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'ERR_BUFFER_TOO_LARGE') return tooLarge(fn, path, `decompresses to more than ${formatBytes(READ_LIMITS.maxFileBytes)}, the largest buffer Node can hold`);
        return fileUnreadable(fn, path, `corrupt gzip (${err.message})`, 'corrupt_gzip');
      }
      if (binary(bytes)) return fileUnreadable(fn, path, 'binary content, not CSV text', 'binary');
    }
    return bytes;
  } finally {
    await fh.close();
  }
}

/** Whether the first 64 KiB hold a NUL byte (text never does). */
function binary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, HEAD).includes(0);
}

function tooLarge(fn: string, path: string, why: string): never {
  return fileUnreadable(fn, path, why, 'too_large');
}

/**
 * Reads the whole of an open file: a regular file into one buffer of its size, anything else
 * a piece at a time up to the stated maximum. The first 64 KiB are checked for binary content
 * before anything more is read (gzip is checked once decompressed).
 */
async function readAll(fn: string, path: string, fh: FileHandle): Promise<Buffer> {
  const st = await fh.stat();
  if (st.isDirectory()) return fileUnreadable(fn, path, 'it is a directory', 'EISDIR');
  const head = Buffer.allocUnsafe(HEAD);
  let got = 0;
  try {
    while (got < HEAD) {
      const { bytesRead } = await fh.read(head, got, HEAD - got, st.isFile() ? got : null);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
  } catch (e) {
    return systemReason(fn, path, e);
  }
  const first = head.subarray(0, got);
  const gzip = got >= 2 && first[0] === 0x1f && first[1] === 0x8b;
  if (!gzip && binary(first)) return fileUnreadable(fn, path, 'binary content, not CSV text', 'binary');
  if (got < HEAD) return Buffer.from(first);
  if (st.isFile()) {
    if (st.size > READ_LIMITS.maxFileBytes) return tooLarge(fn, path, `it is ${formatBytes(st.size)}, more than ${formatBytes(READ_LIMITS.maxFileBytes)}, the largest buffer Node can hold; split it, or read it sorted in chunks with readPopulationChunks`);
    const all = Buffer.allocUnsafe(Math.max(st.size, got));
    first.copy(all);
    let at = got;
    for (;;) {
      if (at === all.length) {
        // the file grew while read: what is there now is read as a stream would be
        const rest = await readStream(fn, path, fh, at, READ_LIMITS.maxFileBytes, 'a file');
        return rest.length === 0 ? all : Buffer.concat([all, rest]);
      }
      const { bytesRead } = await fh.read(all, at, Math.min(all.length - at, 1 << 30), at);
      if (bytesRead === 0) return all.subarray(0, at);
      at += bytesRead;
    }
  }
  const rest = await readStream(fn, path, fh, got, READ_LIMITS.maxStreamBytes, 'not a regular file (a pipe, FIFO or device)');
  return Buffer.concat([first, rest]);
}

/** Reads on from `position` (null: the current one, for a pipe) until the end, refusing more than `max` bytes in all. */
async function readStream(fn: string, path: string, fh: FileHandle, already: number, max: number, what: string): Promise<Buffer> {
  const pieces: Buffer[] = [];
  let total = already;
  const regular = what === 'a file';
  for (;;) {
    const piece = Buffer.allocUnsafe(1 << 20);
    let bytesRead: number;
    try {
      ({ bytesRead } = await fh.read(piece, 0, piece.length, regular ? total : null));
    } catch (e) {
      return systemReason(fn, path, e);
    }
    if (bytesRead === 0) return Buffer.concat(pieces);
    total += bytesRead;
    if (total > max) return tooLarge(fn, path, `it is ${what} and gave more than ${formatBytes(max)}, the most read from such a source; reading stopped there`);
    pieces.push(piece.subarray(0, bytesRead));
  }
}
