// The loader on test/fixtures/extract/nhs-style: an extract with GP-system and SUS column
// names, dates with times, opted-out people who would otherwise be high risk, and condition
// codes the features do not know (see that folder's README).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NO_DATE, parseDate } from '../../src/core/dates.js';
import { isEligible } from '../../src/core/population.js';
import { loadPopulation } from '../../src/data/load-population.js';
import { buildFeatures } from '../../src/features/build-features.js';
import { selectCohort } from '../../src/cohort/select-cohort.js';
import { loadPopulationFromFiles, safeLoadPopulationFromFiles } from '../../src/node/load-population-from-files.js';

const dir = fileURLToPath(new URL('../fixtures/extract/nhs-style/', import.meta.url));
const files = { patients: `${dir}patients.csv`, activity: `${dir}activity.csv`, conditions: `${dir}conditions.csv` };
const people = JSON.parse(readFileSync(`${dir}opted-out.json`, 'utf8')) as { extractDate: string; optedOut: string[]; leftPractice: string[]; died: string[] };
const EXTRACT = '2025-03-31';
const load = (options = {}) => loadPopulationFromFiles(files, { referenceDate: EXTRACT, ...options });

describe('the NHS-style extract (test/fixtures/extract/nhs-style)', () => {
  it('every column is found by its usual name with no mapping, and the one the loader does not read is reported and warned about', async () => {
    const r = await load();
    const used = r.summary.columns.map((c) => `${c.source}.${c.column}=${c.use === 'field' ? `${c.field}/${c.rule}` : c.use}`);
    expect(used).toEqual([
      'patients.nhs_pseudo_id=id/alias', 'patients.practice_code=practiceId/alias', 'patients.dob=birthDate/alias', 'patients.gender=sex/alias',
      'patients.care_home_flag=careHome/alias', 'patients.registration_start_date=registeredFrom/alias', 'patients.registration_end_date=registeredTo/alias',
      'patients.date_of_death=deathDate/alias', 'patients.ethnic_category=ethnicity/alias', 'patients.national_opt_out=optedOut/alias', 'patients.usual_gp_name=unrecognised',
      'activity.nhs_pseudo_id=patientId/alias', 'activity.admidate=date/alias', 'activity.disdate=dischargeDate/alias', 'activity.admimeth=emergency/alias',
      'activity.pod=setting/alias', 'activity.diag_01=primaryDiagnosis/alias', 'activity.spell_los=bedDays/alias',
      'conditions.nhs_pseudo_id=patientId/alias', 'conditions.code=code/exact', 'conditions.event_date=date/alias', 'conditions.resolved_date=resolvedDate/loose',
    ]);
    expect(r.warnings.find((w) => w.code === 'unrecognised_columns')).toMatchObject({ path: ['patients'], examples: ['usual_gp_name'] });
    const ignored = await load({ ignore: { patients: ['usual_gp_name'] } });
    expect(ignored.warnings.map((w) => w.code)).toEqual(['unknown_condition_codes']);
  });

  it('national_opt_out is the opt-out flag: exactly the people in opted-out.json are opted out, and never selected', async () => {
    const r = await load();
    const p = r.population;
    expect(p.provenance.optOuts).toBe('column');
    const out = p.ids.filter((_, i) => p.columns.optedOut[i] === 1).sort();
    expect(out).toEqual([...people.optedOut].sort());
    // six of them are among the most emergency-admitted people in the last year: a loader
    // that lost the column would have selected them
    const f = buildFeatures(p, { asOf: EXTRACT });
    const em = f.column('emergency_admissions')!;
    const byAdmissions = Array.from(f.rows, (i, r) => [p.ids[i]!, em[r]!] as const).sort((a, b) => b[1] - a[1]);
    const top = byAdmissions.slice(0, 12).map(([id]) => id);
    expect(people.optedOut.filter((id) => top.includes(id)).length).toBeGreaterThanOrEqual(5);
    const scores = new Float64Array(f.n);
    for (let r = 0; r < f.n; r++) scores[r] = em[r]!;
    const cohort = selectCohort(scores, p, { asOf: EXTRACT, topPercent: 5, rows: f.rows, per: 'population' });
    expect(cohort.selected.ids.length).toBeGreaterThan(0);
    for (const id of [...people.optedOut, ...people.leftPractice, ...people.died]) expect(cohort.selected.ids).not.toContain(id);
  });

  it('without the opt-out column the load is refused, naming the columns seen; removed-upstream loads and says so', async () => {
    const r = await safeLoadPopulationFromFiles(files, { referenceDate: EXTRACT, ignore: ['national_opt_out'] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('missing_opt_out');
      expect(r.error.message).toContain('nhs_pseudo_id, practice_code, dob');
    }
    const up = await load({ ignore: ['national_opt_out'], optOuts: 'removed-upstream' });
    expect(up.population.provenance.optOuts).toBe('removed-upstream');
    expect(up.warnings.map((w) => w.code)).toContain('opt_outs_removed_upstream');
  });

  it('every date with a time is read: no activity row is rejected, and bed days agree with the dates', async () => {
    const r = await load();
    expect(r.summary.activity.rowsIn).toBeGreaterThan(600);
    expect(r.summary.activity.rowsRejected).toBe(0);
    expect(r.summary.patients.rowsRejected).toBe(0);
    const a = r.population.activity;
    let admissions = 0;
    for (let j = 0; j < a.date.length; j++) {
      if (a.setting[j] !== 0 || a.endDate[j] === NO_DATE) continue;
      admissions++;
      expect(a.bedDays[j]).toBe(a.endDate[j]! - a.date[j]!);
    }
    expect(admissions).toBeGreaterThan(100);
    // the ASCII byte path (files) and the text path (CSV text, records) read the same days
    const text = loadPopulation({ patients: readFileSync(files.patients, 'utf8'), activity: readFileSync(files.activity, 'utf8'), conditions: readFileSync(files.conditions, 'utf8') }, { referenceDate: EXTRACT });
    expect(Array.from(text.population.activity.date)).toEqual(Array.from(a.date));
    expect(Array.from(text.population.activity.endDate)).toEqual(Array.from(a.endDate));
    expect(text.rejected.length).toBe(r.rejected.length);
  });

  it('the person who left and the person who died are read as such and are not eligible on the extract date', async () => {
    const p = (await load()).population;
    const left = p.indexOf(people.leftPractice[0]!);
    const died = p.indexOf(people.died[0]!);
    expect(p.columns.registeredTo[left]).toBe(parseDate('2024-11-15'));
    expect(p.columns.deathDate[died]).toBe(parseDate('2025-01-20'));
    expect(isEligible(p, left, parseDate(EXTRACT)!)).toBe(false);
    expect(isEligible(p, died, parseDate(EXTRACT)!)).toBe(false);
  });

  it('HF, DM, HYP and a SNOMED code are reported by code (not rejected), never counted as clusters; conditionCodes maps them', async () => {
    const r = await load();
    expect(r.summary.unknownConditionCodes.top.map((t) => t.code).sort()).toEqual(['195967001', 'DM', 'HF', 'HYP']);
    expect(r.population.conditions.codes.every((c) => !['HF', 'DM', 'HYP', '195967001'].includes(c))).toBe(true);
    expect(r.summary.conditions.rowsRejected).toBe(0);
    expect(r.summary.unknownConditionCodes.rows).toBeGreaterThan(0);
    const mapped = await load({ conditionCodes: { HF: 'heart_failure', DM: 'diabetes', HYP: 'hypertension', '195967001': 'asthma' } });
    expect(mapped.summary.unknownConditionCodes.rows).toBe(0);
    expect(mapped.summary.conditions.rowsRejected).toBe(0);
    expect(mapped.population.conditions.codes).toEqual(expect.arrayContaining(['heart_failure', 'diabetes', 'hypertension']));
  });

  it('make.mjs regenerates the committed files byte for byte (the fixture is reproducible)', async () => {
    const { spawnSync } = await import('node:child_process');
    const { mkdtempSync, cpSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const copy = mkdtempSync(`${tmpdir()}/nhs-style-`);
    cpSync(`${dir}make.mjs`, `${copy}/make.mjs`);
    const run = spawnSync(process.execPath, [`${copy}/make.mjs`], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    for (const f of ['patients.csv', 'activity.csv', 'conditions.csv', 'opted-out.json']) {
      expect(readFileSync(`${copy}/${f}`, 'utf8'), f).toBe(readFileSync(`${dir}${f}`, 'utf8'));
    }
  });
});
