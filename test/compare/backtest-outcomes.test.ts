import { describe, expect, it } from 'vitest';
import { backtestOutcomes } from '../../src/compare/backtest-outcomes.js';
import { createPopulation } from '../../src/core/population.js';
import { parseDate } from '../../src/core/dates.js';

const D = (s: string): number => parseDate(s)!;

describe('backtestOutcomes', () => {
  it('counts the horizon (asOf, asOf + 12 months] and the prior year (asOf - 12 months, asOf] (hand-placed events)', () => {
    // asOf 2024-04-01. Person 0: emergency on asOf (prior), 2024-04-02 (horizon, I50 avoidable, 3 bed days),
    // 2025-04-01 (horizon, last day), 2025-04-02 (outside), 2023-04-01 (outside prior), 2023-04-02 (prior); A&E 2024-05-01.
    const pop = createPopulation({
      ids: ['a', 'b'], practices: ['P'], practice: [0, 0], birthDate: [0, 0],
      window: { extractDate: D('2025-04-30'), activityFrom: D('2023-01-01') },
      activity: {
        patient: [0, 0, 0, 0, 0, 0, 0, 1],
        date: ['2024-04-01', '2024-04-02', '2025-04-01', '2025-04-02', '2023-04-01', '2023-04-02', '2024-05-01', '2024-06-01'].map(D),
        setting: [0, 0, 0, 0, 0, 0, 1, 0], emergency: [1, 1, 1, 1, 1, 1, 0, 0],
        bedDays: [1, 3, 2, 9, 9, 1, 0, 4], diagnosis: [-1, 0, -1, -1, -1, -1, -1, -1], diagnoses: ['I50'],
      },
    });
    const o = backtestOutcomes(pop, { asOf: '2024-04-01' });
    expect(Array.from(o.emergencyAdmissions)).toEqual([2, 0]);
    expect(Array.from(o.avoidableAdmissions)).toEqual([1, 0]);
    expect(Array.from(o.bedDays)).toEqual([5, 0]);
    expect(Array.from(o.aeAttendances)).toEqual([1, 0]);
    expect(Array.from(o.priorEmergencyAdmissions)).toEqual([2, 0]);
    expect(() => backtestOutcomes(pop, { asOf: 'x' })).toThrow(/backtestOutcomes: .*options\.asOf/);
  });
});
