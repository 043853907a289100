import { afterEach, describe, expect, it, vi } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { ARENA, arenaMemoryOf, featureArena, registerArenaMemory, toFeatureArena } from '../../src/core/feature-arena.js';
import type { FeatureColumn } from '../../src/core/feature-matrix.js';

const TYPES = [Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array] as const;

describe('toFeatureArena (internal)', () => {
  afterEach(() => vi.restoreAllMocks());

  test.prop([fc.integer({ min: 0, max: 300 }), fc.array(fc.integer({ min: 0, max: TYPES.length - 1 }), { minLength: 1, maxLength: 9 }), fc.integer()])(
    'copies every column, same type and values, into one registered shared memory, 16-byte aligned and after the scratch slots', (n, types, seed) => {
      const cols = types.map((t, j) => {
        const c = new TYPES[t]!(n) as FeatureColumn;
        for (let i = 0; i < n; i++) c[i] = ((i * 31 + j * 17 + seed) % 200) - 100;
        return c;
      });
      const placed = toFeatureArena(cols, n);
      expect(placed).toHaveLength(cols.length);
      const memory = arenaMemoryOf(placed[0]!)!;
      expect(memory).toBeInstanceOf(WebAssembly.Memory);
      expect(memory.buffer).toBeInstanceOf(SharedArrayBuffer);
      const header = new Int32Array(memory.buffer, 0, 8);
      expect(header[0]).toBe(ARENA.MAGIC);
      expect(header[1]).toBe(ARENA.SLOTS);
      const block = header[2]!;
      expect(block % 4).toBe(0);
      expect(block).toBeGreaterThanOrEqual(Math.min(n, ARENA.MAX_BLOCK_ROWS));
      expect(block).toBeLessThanOrEqual(Math.max(4, ARENA.MAX_BLOCK_ROWS));
      const firstFree = ARENA.HEADER_BYTES + ARENA.SLOTS * ARENA.SLOT_BLOCKS * block * 8;
      let last = 0;
      placed.forEach((c, j) => {
        expect(c.constructor).toBe(cols[j]!.constructor);
        expect(c.buffer).toBe(memory.buffer);
        expect(arenaMemoryOf(c)).toBe(memory);
        expect(c.byteOffset % 16).toBe(0);
        expect(c.byteOffset).toBeGreaterThanOrEqual(firstFree);
        expect(c.byteOffset).toBeGreaterThanOrEqual(last); // in order, not overlapping
        last = c.byteOffset + c.byteLength;
        expect([...c]).toEqual([...cols[j]!]);
      });
      expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(last + ARENA.TAIL_BYTES);
      // The originals are untouched and are not arena columns.
      expect(arenaMemoryOf(cols[0]!)).toBeUndefined();
    });

  it('a memory received from another thread is registered by its (new) buffer', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    const view = new Float64Array(memory.buffer, 16, 2);
    expect(arenaMemoryOf(view)).toBeUndefined();
    registerArenaMemory(memory);
    expect(arenaMemoryOf(view)).toBe(memory);
  });

  it('falls back to one SharedArrayBuffer per column where a shared WebAssembly memory cannot be made', () => {
    vi.spyOn(WebAssembly, 'Memory').mockImplementation(() => { throw new RangeError('not cross-origin isolated'); });
    const cols = [Float64Array.from([1.5, -2]), Uint8Array.from([1, 0])];
    const placed = toFeatureArena(cols, 2);
    expect(placed.map((c) => c.buffer instanceof SharedArrayBuffer)).toEqual([true, true]);
    expect(placed.map((c) => [...c])).toEqual([[1.5, -2], [1, 0]]);
    expect(placed[0]!.buffer).not.toBe(placed[1]!.buffer);
    expect(arenaMemoryOf(placed[0]!)).toBeUndefined();
  });

  it('featureArena hands out zeroed columns of n rows in one registered memory (unshared: one scratch slot) until its bytes run out', () => {
    const n = 1001;
    const arena = featureArena(n, n * (8 + 1 + 2), 3, false)!;
    const a = arena.column(Float64Array)!;
    const b = arena.column(Uint8Array)!;
    const c = arena.column(Uint16Array)!;
    const memory = arenaMemoryOf(a)!;
    expect(memory.buffer).toBeInstanceOf(ArrayBuffer);
    expect(new Int32Array(memory.buffer, 0, 3)[1]).toBe(1);
    for (const col of [a, b, c]) {
      expect(col.length).toBe(n);
      expect(arenaMemoryOf(col)).toBe(memory);
      expect(col.byteOffset % 16).toBe(0);
      expect(col.every((v) => v === 0)).toBe(true);
    }
    a.fill(-1.5);
    b.fill(255);
    c.fill(65535);
    expect(b.every((v) => v === 255)).toBe(true); // no overlap: writing a later column left none of the earlier ones changed
    expect(a.every((v) => v === -1.5)).toBe(true);
    expect(arena.column(Uint8Array)).toBeUndefined(); // no room left: the caller allocates an ordinary array
    expect(featureArena(1e9, 8e9, 1, false)).toBeUndefined(); // beyond ARENA.MAX_PAGES
  });
});
