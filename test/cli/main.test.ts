import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands.js';
import { run } from './helpers.js';

describe('risk-stratify (top level)', () => {
  it('with no command prints usage listing every command and exits 2', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    for (const name of Object.keys(commands)) expect(r.out).toContain(`  ${name}`);
  });

  it('--help exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^risk-stratify <command>/);
  });

  it('an unknown command is one line on stderr and exit code 2', async () => {
    const r = await run(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain("unknown command 'frobnicate'");
  });

  it.each(Object.keys(commands))('%s --help shows usage, every common flag and an example', async (name) => {
    const r = await run([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Usage: risk-stratify ${name}`);
    for (const flag of ['--config', '--as-of', '--seed', '--out', '--json', '--debug']) expect(r.out).toContain(flag);
    expect(r.out).toMatch(/Example:\n {2}risk-stratify /);
  });

  it('an unknown flag is a one-line usage error with exit code 2', async () => {
    const r = await run(['demo', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain("'--bogus'");
  });

  it('a bad --as-of names the flag and the value', async () => {
    const r = await run(['demo', '--as-of', '2024-02-30', '--size', '300']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--as-of');
    expect(r.err).toContain('"2024-02-30"');
  });

  it('a bad --seed is refused', async () => {
    const r = await run(['demo', '--seed', 'x']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--seed');
  });
});
