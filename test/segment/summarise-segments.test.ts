import { from } from 'arquero';
import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { bridgesToHealth } from '../../src/segment/bridges-to-health.js';
import { parseDate } from '../../src/core/dates.js';
import { arbEvents, arbPeople, build } from '../fixtures/features/arbitrary-population.js';
import { summariseSegments } from '../../src/segment/summarise-segments.js';
import { segment } from '../../src/segment/segment.js';
import { frailtyCategories } from '../../src/segment/frailty-categories.js';
import { buildOutcomes } from '../../src/features/build-outcomes.js';
import { AS_OF, handPopulation } from '../fixtures/features/hand-population.js';

// Hand population at 2024-03-31: rows a (P1, eFI 2/36 fit), b (P1, 7/36 mild), c (P2, fit), f (P2, fit).
// Outcomes in (2024-03-31, 2025-03-31] ('observed'): admissions [2, 1, 0, 0], bed days [4, 7, 0, 0].
const pop = handPopulation();
const seg = segment(pop, frailtyCategories(), { asOf: AS_OF });

describe('summariseSegments', () => {
  it('per segment for the population: people, shares, admissions, bed days, rates per 1,000', () => {
    const outcomes = buildOutcomes(pop, { asOf: AS_OF, rows: seg.rows });
    const { rows } = summariseSegments(seg, pop, outcomes);
    const table = from(rows.map((r) => ({ ...r }))); // plain rows make an arquero table as they are
    const popRows = rows.filter((r) => r.level === 'population');
    expect(popRows.map((r) => r.segmentName)).toEqual(['fit', 'mild frailty', 'moderate frailty', 'severe frailty']);
    expect(popRows[0]).toEqual({
      level: 'population', practice: '', segment: 1, segmentName: 'fit',
      people: 3, share: 0.75, peopleObserved: 3, emergencyAdmissions: 2, bedDays: 4,
      shareOfEmergencyAdmissions: 2 / 3, shareOfBedDays: 4 / 11,
      emergencyAdmissionsPer1000: 2000 / 3, bedDaysPer1000: 4000 / 3,
    });
    expect(popRows[1]).toMatchObject({ people: 1, share: 0.25, emergencyAdmissions: 1, bedDays: 7, shareOfEmergencyAdmissions: 1 / 3, shareOfBedDays: 7 / 11, emergencyAdmissionsPer1000: 1000, bedDaysPer1000: 7000 });
    expect(popRows[3]).toMatchObject({ people: 0, share: 0, emergencyAdmissions: 0, emergencyAdmissionsPer1000: 0 });
    expect(table.numRows()).toBe(rows.length);
    expect(table.columnNames()).toContain('emergencyAdmissionsPer1000');
  });

  it('per practice x segment: shares within the practice; a practice with no admissions has shares 0', () => {
    const outcomes = buildOutcomes(pop, { asOf: AS_OF, rows: seg.rows });
    const { rows } = summariseSegments(seg, pop, outcomes);
    const p1 = rows.filter((r) => r.practice === 'P1');
    const p2 = rows.filter((r) => r.practice === 'P2');
    expect(p1.map((r) => [r.segmentName, r.people, r.share, r.shareOfEmergencyAdmissions])).toEqual([
      ['fit', 1, 0.5, 2 / 3], ['mild frailty', 1, 0.5, 1 / 3], ['moderate frailty', 0, 0, 0], ['severe frailty', 0, 0, 0],
    ]);
    expect(p2[0]).toMatchObject({ people: 2, share: 1, emergencyAdmissions: 0, shareOfEmergencyAdmissions: 0, emergencyAdmissionsPer1000: 0 });
    expect(rows).toHaveLength(4 * 3);
  });

  it("uses only included people for outcomes under 'exclude' (b died in the window)", () => {
    const outcomes = buildOutcomes(pop, { asOf: AS_OF, rows: seg.rows, censoring: 'exclude' });
    const { rows } = summariseSegments(seg, pop, outcomes);
    const mild = rows.find((r) => r.level === 'population' && r.segment === 2)!;
    expect(mild).toMatchObject({ people: 1, peopleObserved: 0, emergencyAdmissions: 0, emergencyAdmissionsPer1000: 0 });
    const fit = rows.find((r) => r.level === 'population' && r.segment === 1)!;
    // f left the list in the window: excluded too, so 2 observed (a, c)
    expect(fit).toMatchObject({ people: 3, peopleObserved: 2, emergencyAdmissions: 2, emergencyAdmissionsPer1000: 1000 });
  });

  it('without outcomes, the outcome columns are null', () => {
    const { rows } = summariseSegments(seg, pop);
    expect(rows[0]!.emergencyAdmissions).toBeNull();
    expect(rows[0]!.people).toBe(3);
  });

  it('refuses outcomes for other rows', () => {
    const outcomes = buildOutcomes(pop, { asOf: AS_OF, rows: [0, 1, 2] });
    expect(() => summariseSegments(seg, pop, outcomes)).toThrow(/summariseSegments: outcomes have 3 rows but the segmentation has 4/);
    const swapped = buildOutcomes(pop, { asOf: AS_OF, rows: [1, 0, 2, 5] });
    expect(() => summariseSegments(seg, pop, swapped)).toThrow(/outcomes are for other people/);
  });
});

const ASOF = parseDate('2022-06-30')!;

describe('summariseSegments invariants', () => {
  test.prop([arbPeople(ASOF, 12).chain((p) => fc.tuple(fc.constant(p), arbEvents(p.n, ASOF - 400, ASOF + 400))), fc.constantFrom('observed' as const, 'exclude' as const)], { numRuns: 60 })(
    'practice rows add up to the population rows; shares of a level sum to 1 when it has people or admissions',
    ([people, events], censoring) => {
      const population = build(people, events);
      const s = segment(population, bridgesToHealth(), { asOf: ASOF });
      const o = buildOutcomes(population, { asOf: ASOF, rows: s.rows, censoring });
      const { rows } = summariseSegments(s, population, o);
      const popRows = rows.filter((r) => r.level === 'population');
      for (const seg of popRows) {
        const inPractices = rows.filter((r) => r.level === 'practice' && r.segment === seg.segment);
        expect(inPractices.reduce((t, r) => t + r.people, 0)).toBe(seg.people);
        expect(inPractices.reduce((t, r) => t + r.emergencyAdmissions!, 0)).toBe(seg.emergencyAdmissions);
      }
      const total = popRows.reduce((t, r) => t + r.people, 0);
      expect(total).toBe(s.labels.length);
      if (total > 0) expect(popRows.reduce((t, r) => t + r.share, 0)).toBeCloseTo(1, 12);
      if (popRows.some((r) => r.emergencyAdmissions! > 0)) expect(popRows.reduce((t, r) => t + r.shareOfEmergencyAdmissions!, 0)).toBeCloseTo(1, 12);
    },
  );
});
