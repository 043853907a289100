import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { createProgress } from '../../src/cli/progress.js';

describe('createProgress', () => {
  it('draws nothing when stderr is not a terminal', () => {
    const io = memoryIO(process.cwd(), false);
    const p = createProgress(io, 'fit');
    for (let i = 0; i <= 10; i++) p(i, 10);
    p.end();
    expect(io.err).toBe('');
  });
  it('on a terminal draws a bar that reaches 100% and clears it at the end', () => {
    const io = memoryIO(process.cwd(), true);
    const p = createProgress(io, 'fit');
    for (let i = 0; i <= 1000; i++) p(i, 1000);
    expect(io.err).toContain('100%');
    // redraws at most once per percent
    expect(io.err.split('\r').filter((s) => s.includes('%')).length).toBeLessThanOrEqual(101);
    p.end();
    expect(io.err.endsWith('\r')).toBe(true);
  });
});
