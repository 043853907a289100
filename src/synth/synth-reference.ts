/**
 * The published figures the synthetic population aims at, in one place, each with its
 * source. They are rounded readings of the public tables (not copies of any dataset) and
 * good enough to make a population that behaves like England's; they are not statistics to
 * quote. The README's "Synthetic population" section lists them beside what the generator
 * produced.
 *
 * @module
 */

/** Lower bounds of the ten age bands used for rates: 0-4, 5-14, ..., 75-84, 85+. */
const RATE_BANDS = [0, 5, 15, 25, 35, 45, 55, 65, 75, 85] as const;

/**
 * Reference figures for England used by {@link generatePopulation} (targets) and by the
 * tests (what the generated data is checked against).
 *
 * - `ageShares`: share of the population in 5-year bands 0-4 .. 85-89, 90+ (ONS mid-2020
 *   population estimates for England, rounded; they sum to 1 after normalisation).
 * - `femaleShare`: share female in the same bands (ONS mid-2020).
 * - `rateBands`: lower bounds of the ten bands in which rates are given.
 * - `emergencyPer1000`: emergency (non-elective) admissions per 1,000 people a year by band
 *   (NHS Digital Hospital Episode Statistics, Admitted Patient Care 2019-20, finished
 *   admission episodes with an emergency admission method, rounded; crude rate ~100).
 * - `aePer1000`: A&E attendances per 1,000 a year (NHS Digital HES A&E / ECDS 2019-20,
 *   all types, rounded; crude ~400).
 * - `outpatientPer1000`: outpatient attendances (HES Outpatients 2019-20, attended
 *   appointments, crude ~2,200).
 * - `electivePer1000`: elective admissions including day cases (HES APC 2019-20, crude ~140).
 * - `gpPer1000`: general practice contacts (NHS Digital Appointments in General Practice
 *   2019, ~5 a person a year, age gradient from the QResearch consultation-rate study of
 *   Hobbs et al., Lancet 2016).
 * - `deathsPer1000`: deaths per 1,000 a year by band, bands 0-4 .. 75-84, 85-89, 90+ (ONS
 *   deaths registered in England and Wales 2019; crude ~9).
 * - `emergencyMeanLos`: mean length of stay (days) of emergency admissions by band, with
 *   `emergencyZeroLos` the share discharged the same day (HES APC 2019-20, rounded).
 * - `acscShare`: share of emergency admissions whose primary diagnosis is an ambulatory care
 *   sensitive condition (~15-20%: Bardsley et al. 2013, BMJ Open; NHS Outcomes Framework
 *   2.3i / 3a definitions).
 * - `careHomeShare`: people living in a care home (~0.7% of all: ONS Census 2021, older
 *   residents in care homes; ~15% of people 85+).
 * - `optOutShare`: national data opt-out (~3-5%: NHS Digital National Data Opt-out 2021-22).
 * - `moveOutPerYear`: list turnover (people leaving a practice list per person a year, by
 *   rate band; NHS Digital Patients Registered at a GP Practice, rounded, assumed).
 * - `birthsPer1000`: live births per 1,000 (ONS births in England 2021, ~10.5).
 * - `ethnicity`: ONS Census 2021 England high-level groups; `ethnicityUnrecorded` the share
 *   with no ethnicity recorded in GP records (~10%).
 * - `costs`: rough unit costs in pounds (NHS National Cost Collection 2019-20 averages and
 *   PSSRU Unit Costs of Health and Social Care 2021): emergency admission base plus an
 *   excess cost per bed day, elective day case and ordinary admission, A&E attendance,
 *   outpatient attendance, GP appointment.
 * - `practiceListSize`: registered list sizes of English practices (NHS Digital, Patients
 *   Registered at a GP Practice, 2021: median ~9,500, 5th-95th centile ~3,000-25,000): a
 *   log-normal with this median and log-sd, clipped to `[min, max]`.
 */
export const SYNTH_REFERENCE = Object.freeze({
  ageShares: Object.freeze([0.059, 0.063, 0.06, 0.056, 0.061, 0.067, 0.069, 0.067, 0.062, 0.066, 0.069, 0.066, 0.057, 0.049, 0.05, 0.036, 0.025, 0.015, 0.009]),
  femaleShare: Object.freeze([0.488, 0.488, 0.487, 0.486, 0.49, 0.497, 0.503, 0.505, 0.505, 0.506, 0.505, 0.505, 0.51, 0.518, 0.528, 0.545, 0.567, 0.61, 0.69]),
  rateBands: RATE_BANDS,
  rateBandLabels: Object.freeze(['0-4', '5-14', '15-24', '25-34', '35-44', '45-54', '55-64', '65-74', '75-84', '85+']),
  emergencyPer1000: Object.freeze([140, 35, 55, 60, 60, 70, 95, 150, 270, 480]),
  aePer1000: Object.freeze([550, 280, 480, 420, 360, 330, 320, 360, 550, 900]),
  outpatientPer1000: Object.freeze([900, 800, 1300, 1700, 1800, 2100, 2700, 3600, 4400, 4000]),
  electivePer1000: Object.freeze([40, 40, 60, 80, 100, 140, 200, 300, 350, 220]),
  gpPer1000: Object.freeze([5000, 2500, 3500, 4200, 4500, 5000, 6000, 8000, 11000, 14000]),
  deathBands: Object.freeze([0, 1, 5, 15, 25, 35, 45, 55, 65, 75, 85, 90]),
  deathsPer1000: Object.freeze([3.8, 0.1, 0.1, 0.3, 0.6, 1.1, 2.4, 5.6, 13.5, 37, 100, 220]),
  emergencyMeanLos: Object.freeze([1.2, 1.3, 2.0, 2.3, 3.0, 3.8, 5.0, 6.5, 8.5, 10.5]),
  emergencyZeroLos: Object.freeze([0.45, 0.45, 0.4, 0.38, 0.35, 0.32, 0.28, 0.22, 0.17, 0.14]),
  acscShare: 0.17,
  careHomeShare: 0.006,
  optOutShare: 0.04,
  moveOutPerYear: Object.freeze([0.04, 0.03, 0.07, 0.08, 0.045, 0.03, 0.025, 0.02, 0.02, 0.02]),
  birthsPer1000: 10.5,
  ethnicity: Object.freeze({ White: 0.81, Asian: 0.096, Black: 0.042, Mixed: 0.03, Other: 0.022 }),
  ethnicityUnrecorded: 0.1,
  costs: Object.freeze({ emergencyBase: 650, emergencyPerBedDay: 350, electiveDayCase: 800, electiveOrdinary: 4000, ae: 180, outpatient: 130, gp: 40 }),
  practiceListSize: Object.freeze({ median: 9500, logSd: 0.6, min: 1500, max: 60000 }),
});

/**
 * Condition clusters the generator records, with recorded prevalence by age (fraction
 * registered with the condition at the knot age; linear in between, flat after the last
 * knot) and the all-age register prevalence it should add up to.
 *
 * Sources: all-age (or stated register age) prevalence from NHS Digital Quality and
 * Outcomes Framework (QOF) 2021-22 England: hypertension 13.9%, diabetes 7.3% (17+), COPD
 * 1.9%, asthma 6.5% (6+ on treatment), heart failure 1.0%, atrial fibrillation 2.1%, CHD
 * 3.0%, CKD 4.0% (18+), stroke/TIA 1.8%, dementia 0.7%, cancer 3.3%, depression 12.7% (18+),
 * epilepsy 0.8% (18+), serious mental illness 0.95%, rheumatoid arthritis 0.8% (16+);
 * osteoarthritis (not in QOF) from Versus Arthritis "State of Musculoskeletal Health" (about
 * 1 in 10 adults 45+ with a recorded diagnosis, far more with symptoms). The age shapes are
 * rounded readings of the Health Survey for England and QOF/CPRD age-specific prevalence
 * studies; the knots were then nudged so that the all-age figure lands on QOF's.
 */
export const SYNTH_CONDITIONS = Object.freeze([
  { code: 'hypertension', target: 0.139, targetFromAge: 0, knots: [[0, 0], [18, 0.002], [30, 0.014], [40, 0.045], [50, 0.12], [60, 0.25], [70, 0.39], [80, 0.52], [90, 0.57]] },
  { code: 'diabetes', target: 0.073, targetFromAge: 17, knots: [[0, 0.001], [17, 0.003], [30, 0.01], [40, 0.03], [50, 0.065], [60, 0.11], [70, 0.16], [80, 0.17], [90, 0.17]] },
  { code: 'COPD', target: 0.019, targetFromAge: 0, knots: [[0, 0], [35, 0], [40, 0.003], [50, 0.012], [60, 0.035], [70, 0.065], [80, 0.085], [90, 0.085]] },
  { code: 'asthma', target: 0.065, targetFromAge: 0, knots: [[0, 0], [5, 0.03], [10, 0.05], [20, 0.062], [40, 0.067], [60, 0.078], [80, 0.083]] },
  { code: 'heart_failure', target: 0.01, targetFromAge: 0, knots: [[0, 0], [40, 0.001], [50, 0.003], [60, 0.008], [70, 0.025], [80, 0.06], [90, 0.11]] },
  { code: 'atrial_fibrillation', target: 0.021, targetFromAge: 0, knots: [[0, 0], [40, 0.001], [50, 0.005], [60, 0.017], [70, 0.057], [80, 0.125], [90, 0.18]] },
  { code: 'coronary_heart_disease', target: 0.03, targetFromAge: 0, knots: [[0, 0], [35, 0], [40, 0.003], [50, 0.015], [60, 0.045], [70, 0.09], [80, 0.15], [90, 0.18]] },
  { code: 'CKD', target: 0.04, targetFromAge: 18, knots: [[0, 0], [18, 0], [40, 0.003], [50, 0.009], [60, 0.027], [70, 0.08], [80, 0.18], [90, 0.29]] },
  { code: 'stroke', target: 0.018, targetFromAge: 0, knots: [[0, 0], [40, 0.0025], [50, 0.0085], [60, 0.02], [70, 0.048], [80, 0.09], [90, 0.12]] },
  { code: 'dementia', target: 0.007, targetFromAge: 0, knots: [[0, 0], [55, 0], [60, 0.0015], [65, 0.004], [70, 0.009], [75, 0.019], [80, 0.038], [85, 0.076], [90, 0.14], [95, 0.21]] },
  { code: 'cancer', target: 0.033, targetFromAge: 0, knots: [[0, 0], [20, 0.0012], [40, 0.01], [50, 0.024], [60, 0.054], [70, 0.096], [80, 0.13], [90, 0.145]] },
  { code: 'depression', target: 0.127, targetFromAge: 18, knots: [[0, 0], [12, 0], [18, 0.055], [30, 0.113], [45, 0.14], [80, 0.14]] },
  { code: 'epilepsy', target: 0.008, targetFromAge: 18, knots: [[0, 0.003], [18, 0.007], [40, 0.008], [80, 0.009]] },
  { code: 'osteoarthritis', target: 0.1, targetFromAge: 45, knots: [[0, 0], [30, 0.003], [45, 0.027], [55, 0.063], [65, 0.108], [75, 0.153], [85, 0.19]] },
  { code: 'severe_mental_illness', target: 0.0095, targetFromAge: 0, knots: [[0, 0], [18, 0.0045], [30, 0.0097], [50, 0.013], [80, 0.014]] },
  { code: 'rheumatoid_arthritis', target: 0.008, targetFromAge: 16, knots: [[0, 0], [20, 0.001], [40, 0.004], [60, 0.012], [75, 0.018]] },
] as const);
