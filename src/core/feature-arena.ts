/**
 * Feature arenas: feature columns placed in one WebAssembly memory, so that the scoring kernel
 * (src/model/score-kernel.ts) reads them where they are, with no copy into its own memory
 * (Float64 columns as they are, narrower ones widened to doubles by the kernel's module, in
 * blocks). A shared memory (`shared: true`) is read by worker threads too; `buildFeatures`
 * builds its columns in an ordinary (unshared) one by default, so `model.score` of its output
 * reads them in place with no option. Internal.
 *
 * Layout, in bytes:
 * - 0..256, header: Int32 words [0] {@link ARENA.MAGIC}, [1] scratch slots, [2] rows per
 *   scratch block, [4 + s] 1 while slot s is in use (taken and released with `Atomics`);
 * - 256..512: left to the kernel (its table of 2^(j/32));
 * - then the slots: each {@link ARENA.SLOT_BLOCKS} blocks of doubles (two blocks of etas, used
 *   in turn, and four columns of other types staged as doubles), one slot per scoring thread
 *   at a time;
 * - then the columns, each at a 16-byte boundary, then 64 bytes that the kernel may read past
 *   the last column (it rounds a block up to four rows and drops the extra values).
 *
 * The memory of each arena is recorded, by the identity of its buffer, in a registry on
 * `globalThis` under `Symbol.for('risk-stratify.feature-arenas')`, where the self-contained
 * kernel finds it. The kernel repeats the layout numbers as literals; a test holds them equal.
 *
 * @module
 */
import type { FeatureColumn } from './feature-matrix.js';

/** The arena layout (see the module comment). */
export const ARENA = Object.freeze({
  MAGIC: 0x52534661,
  HEADER_BYTES: 512,
  SLOTS: 4,
  SLOT_BLOCKS: 6,
  MAX_BLOCK_ROWS: 16384,
  TAIL_BYTES: 64,
  /** Largest arena, in 64 KiB pages (2 GiB: byte pointers stay positive 32-bit integers). */
  MAX_PAGES: 32768,
  REGISTRY: 'risk-stratify.feature-arenas',
});

type Registry = WeakMap<ArrayBufferLike, WebAssembly.Memory>;

/** The registry of arena memories by buffer (created on first use). */
function registry(): Registry {
  const key = Symbol.for(ARENA.REGISTRY);
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  return (g[key] ??= new WeakMap());
}

/** The arena memory a column lives in, if any. */
export function arenaMemoryOf(column: FeatureColumn): WebAssembly.Memory | undefined {
  return registry().get(column.buffer);
}

/** Records a memory received from another thread (its buffer is a new object there). */
export function registerArenaMemory(memory: WebAssembly.Memory): void {
  registry().set(memory.buffer, memory);
}

const align16 = (x: number): number => Math.ceil(x / 16) * 16;

/** A typed-array constructor over a buffer. */
export type ColumnType<T extends FeatureColumn = FeatureColumn> = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => T;

/**
 * Rows below which `buildFeatures` keeps its columns in ordinary typed arrays: copying a small
 * matrix costs little, and each WebAssembly memory reserves address space until it is
 * collected.
 */
export const ARENA_MIN_ROWS = 16384;

/** An arena being filled: hands out zeroed columns of `n` rows until its bytes run out. */
export interface ArenaAllocator {
  /** A new zeroed column of `n` rows in the arena, or undefined when it has no room left. */
  column<T extends FeatureColumn>(type: ColumnType<T>): T | undefined;
}

/**
 * A new arena with room for columns of `n` rows totalling `bytes` (plus 16-byte alignment per
 * column, for up to `maxColumns`), in a shared memory when `shared`, else in an ordinary one;
 * undefined where such a memory cannot be made (too large, or shared memory unavailable).
 * Columns are zeroed (a fresh memory is), like `new Float64Array(n)`.
 */
export function featureArena(n: number, bytes: number, maxColumns: number, shared: boolean): ArenaAllocator | undefined {
  const blockRows = Math.max(4, Math.min(ARENA.MAX_BLOCK_ROWS, Math.ceil(n / 4) * 4));
  // An unshared arena is scored on its own thread only: one scratch slot.
  const slots = shared ? ARENA.SLOTS : 1;
  let at = ARENA.HEADER_BYTES + slots * ARENA.SLOT_BLOCKS * blockRows * 8;
  const end = at + bytes + 16 * maxColumns;
  const pages = Math.ceil((end + ARENA.TAIL_BYTES) / 65536);
  if (pages > ARENA.MAX_PAGES) return undefined;
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory(shared ? { initial: pages, maximum: pages, shared: true } : { initial: pages, maximum: pages });
  } catch {
    return undefined;
  }
  const buffer = memory.buffer;
  const header = new Int32Array(buffer, 0, 64);
  header[0] = ARENA.MAGIC;
  header[1] = slots;
  header[2] = blockRows;
  registry().set(buffer, memory);
  return {
    column<T extends FeatureColumn>(type: ColumnType<T>): T | undefined {
      const size = n * (type as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
      if (at + size > end) return undefined;
      const col = new type(buffer, at, n);
      at = align16(at + size);
      return col;
    },
  };
}

/**
 * Copies columns of `n` rows into a new arena and returns the copies, same types, same
 * values, in order. Where a shared WebAssembly memory cannot be made (a browser page that is
 * not cross-origin isolated), each column is copied into its own `SharedArrayBuffer` instead,
 * or, without those either, returned as it is.
 *
 * Cost: O(total bytes) time; the arena holds the columns plus 4 · 6 · 8 · min(n, 16384) bytes
 * of scratch.
 */
export function toFeatureArena(columns: readonly FeatureColumn[], n: number): FeatureColumn[] {
  const arena = featureArena(n, columns.reduce((b, c) => b + c.byteLength, 0), columns.length, true);
  if (arena === undefined) {
    if (typeof SharedArrayBuffer !== 'function') return [...columns];
    return columns.map((c) => {
      const Ctor = c.constructor as new (b: SharedArrayBuffer) => FeatureColumn;
      const copy = new Ctor(new SharedArrayBuffer(c.byteLength));
      copy.set(c as never);
      return copy;
    });
  }
  return columns.map((c) => {
    const copy = arena.column(c.constructor as ColumnType)!;
    copy.set(c as never);
    return copy;
  });
}
