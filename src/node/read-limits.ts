import { constants } from 'node:buffer';

/**
 * Internal: the sizes the Node readers stop at. Tests lower them (and put them back) to
 * exercise the paths a 2 GB extract takes without writing one.
 */
export const READ_LIMITS = {
  /**
   * The largest part of a CSV file decoded into one string (bytes): V8's longest string
   * (`buffer.constants.MAX_STRING_LENGTH`, about 512 MiB). A larger file is scanned in parts.
   */
  partBytes: constants.MAX_STRING_LENGTH,
  /**
   * The most read from a source that is not a regular file (a pipe, a FIFO, a device such as
   * /dev/zero), whose size is not known in advance: 4 GiB. More is refused, naming the limit.
   */
  maxStreamBytes: 4 * 2 ** 30,
  /** The largest file (or decompressed gzip) read into memory: Node's largest buffer. */
  maxFileBytes: constants.MAX_LENGTH,
};

/** A size in words: `4 GiB`, `512 MiB`, `100 KiB`, `10 bytes`. */
export function formatBytes(n: number): string {
  for (const [unit, size] of [['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const) {
    if (n >= size) return `${Number((n / size).toFixed(1))} ${unit}`;
  }
  return `${n} bytes`;
}
