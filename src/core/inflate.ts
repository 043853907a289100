/**
 * Raw DEFLATE decompression (RFC 1951: stored, fixed-Huffman and dynamic-Huffman blocks),
 * written from the RFC. The library's WebAssembly kernels ship deflated, about a sixth of
 * their size, so that a dashboard embedding the core downloads less; they are inflated once,
 * on the first fit or score. Synchronous, because compiling the kernels is (the browser's
 * `DecompressionStream` is not). Internal.
 */

/** Bit lengths of the code-length alphabet arrive in this order (RFC 1951, 3.2.7). */
const ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** Base values and extra bits of the length (257-285) and distance (0-29) codes (RFC 1951, 3.2.5). */
function codeTable(count: number, first: number, extraOf: (i: number) => number, lastBase?: number): { base: Uint16Array; extra: Uint8Array } {
  const base = new Uint16Array(count);
  const extra = new Uint8Array(count);
  for (let i = 0, b = first; i < count; i++) {
    extra[i] = extraOf(i);
    base[i] = b;
    b += 1 << extra[i]!;
  }
  if (lastBase !== undefined) base[count - 1] = lastBase; // length code 285 is 258, not 227 + 32
  return { base, extra };
}
let tables: { len: ReturnType<typeof codeTable>; dist: ReturnType<typeof codeTable>; fixedLit: Huffman; fixedDist: Huffman } | undefined;

/** A canonical Huffman code: how many codes of each length, and the symbols in code order. */
interface Huffman { counts: Uint16Array; symbols: Uint16Array }

function huffman(lengths: ArrayLike<number>): Huffman {
  const counts = new Uint16Array(16);
  for (let s = 0; s < lengths.length; s++) counts[lengths[s]!]!++;
  counts[0] = 0;
  const offsets = new Uint16Array(16);
  for (let l = 1; l < 16; l++) offsets[l] = offsets[l - 1]! + counts[l - 1]!;
  const symbols = new Uint16Array(lengths.length);
  for (let s = 0; s < lengths.length; s++) if (lengths[s] !== 0) symbols[offsets[lengths[s]!]!++] = s;
  return { counts, symbols };
}

/**
 * Inflates raw DEFLATE `data` (no zlib or gzip header) that holds exactly `size` bytes.
 *
 * @throws Error when the data are not valid DEFLATE, end early, or do not hold `size` bytes.
 */
export function inflateRaw(data: Uint8Array, size: number): Uint8Array<ArrayBuffer> {
  tables ??= {
    len: codeTable(29, 3, (i) => (i < 8 || i === 28 ? 0 : (i >> 2) - 1), 258),
    dist: codeTable(30, 1, (i) => (i < 4 ? 0 : (i >> 1) - 1)),
    fixedLit: huffman(Array.from({ length: 288 }, (_, s) => (s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8))),
    fixedDist: huffman(new Array<number>(30).fill(5)),
  };
  const { len, dist } = tables;
  const out = new Uint8Array(size);
  let at = 0; // bit position in data
  let o = 0; // bytes written
  const bad = (why: string): never => { throw new Error(`inflateRaw: ${why} (at byte ${at >>> 3})`); };
  const bits = (n: number): number => {
    let v = 0;
    for (let i = 0; i < n; i++, at++) {
      if (at >>> 3 >= data.length) bad('the data end early');
      v |= ((data[at >>> 3]! >>> (at & 7)) & 1) << i;
    }
    return v;
  };
  const decode = (h: Huffman): number => {
    // codes of each length are consecutive numbers, read most significant bit first
    let code = 0;
    let first = 0;
    let index = 0;
    for (let l = 1; l < 16; l++) {
      code |= bits(1);
      const count = h.counts[l]!;
      if (code - first < count) return h.symbols[index + code - first]!;
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    return bad('a Huffman code is not in its table');
  };
  let last = 0;
  while (last === 0) {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      at = (at + 7) & ~7;
      const n = bits(16);
      if ((bits(16) ^ 0xffff) !== n) bad('a stored block has a bad length');
      if ((at >>> 3) + n > data.length || o + n > size) bad('a stored block runs past the end');
      out.set(data.subarray(at >>> 3, (at >>> 3) + n), o);
      at += n * 8;
      o += n;
      continue;
    }
    let lit: Huffman;
    let distances: Huffman;
    if (type === 1) {
      lit = tables.fixedLit;
      distances = tables.fixedDist;
    } else if (type === 2) {
      const nLit = bits(5) + 257;
      const nDist = bits(5) + 1;
      const nLen = bits(4) + 4;
      const lengthLengths = new Uint8Array(19);
      for (let i = 0; i < nLen; i++) lengthLengths[ORDER[i]!] = bits(3);
      const lengthCode = huffman(lengthLengths);
      const lengths = new Uint8Array(nLit + nDist);
      for (let i = 0; i < nLit + nDist;) {
        const s = decode(lengthCode);
        if (s < 16) { lengths[i++] = s; continue; }
        const repeat = s === 16 ? 3 + bits(2) : s === 17 ? 3 + bits(3) : 11 + bits(7);
        if (s === 16 && i === 0) bad('a repeat has nothing to repeat');
        if (i + repeat > nLit + nDist) bad('code lengths run past their count');
        lengths.fill(s === 16 ? lengths[i - 1]! : 0, i, i + repeat);
        i += repeat;
      }
      lit = huffman(lengths.subarray(0, nLit));
      distances = huffman(lengths.subarray(nLit));
    } else {
      return bad('block type 3 is reserved');
    }
    for (;;) {
      const s = decode(lit);
      if (s < 256) {
        if (o >= size) bad('the data hold more bytes than expected');
        out[o++] = s;
      } else if (s === 256) {
        break;
      } else {
        const l = s - 257;
        if (l >= 29) bad('a length code is out of range');
        const n = len.base[l]! + bits(len.extra[l]!);
        const d = decode(distances);
        if (d >= 30) bad('a distance code is out of range');
        const back = dist.base[d]! + bits(dist.extra[d]!);
        if (back > o) bad('a distance reaches before the start');
        if (o + n > size) bad('the data hold more bytes than expected');
        for (let i = 0; i < n; i++, o++) out[o] = out[o - back]!;
      }
    }
  }
  if (o !== size) bad(`the data hold ${o} bytes, not ${size}`);
  return out;
}

/**
 * The bytes of a deflated, base64-encoded kernel, or null where `atob` is missing (the caller
 * then runs its JavaScript path, as it does without WebAssembly).
 */
export function inflateBase64(base64: string, size: number): Uint8Array<ArrayBuffer> | null {
  if (typeof atob !== 'function') return null;
  const raw = atob(base64);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return inflateRaw(bytes, size);
}
