// A rich, deterministic report input covering every section, shared by the report tests.
// Numbers are made up but plausible; one practice name is an XSS attempt on purpose.
import type { PyramidRow, ReportInput } from '../../src/report/index.js';

export const MALICIOUS = '<script>alert("x")</script><img src=x onerror=alert(1)> & "Surgery"';

const bands = ['0-4', '5-14', '15-24', '25-34', '35-44', '45-54', '55-64', '65-74', '75-84', '85+'];
const femaleCounts = [610, 1290, 1180, 1420, 1390, 1450, 1260, 980, 640, 5];
const maleCounts = [640, 1350, 1210, 1380, 1370, 1430, 1220, 900, 480, 160];

/** ROC points of a binormal curve (a = 1.1, b = 1): tpr = Phi(a + b * Phi^-1(fpr)), tabulated. */
const rocPoints = [
  [0, 0], [0.01, 0.084], [0.02, 0.137], [0.05, 0.247], [0.1, 0.373], [0.2, 0.547], [0.3, 0.668],
  [0.4, 0.762], [0.5, 0.864], [0.6, 0.9], [0.7, 0.94], [0.8, 0.97], [0.9, 0.99], [1, 1],
].map(([fpr, tpr]) => ({ fpr: fpr!, tpr: tpr! }));

const months = ['2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07'];
const rates = [31.2, 29.8, 30.5, 32.1, 28.9, 30.2, 31.0, 33.4, 34.1, 35.2, 34.8, 36.0, 27.5, 30.1, 24.0, 29.5];

export const sampleInput: ReportInput = {
  title: 'North Locality: risk stratification, July 2025',
  generatedFor: 'North Locality MDT',
  asOf: '2025-07-01',
  notes: ['Synthetic data for testing the report layout.'],
  population: {
    pyramid: bands.flatMap((ageBand, i): PyramidRow[] => [
      { ageBand, sex: 'female', people: femaleCounts[i]! },
      { ageBand, sex: 'male', people: maleCounts[i]! },
    ]).concat([{ ageBand: '35-44', sex: 'unknown', people: 3 }]),
    practices: [
      { practice: 'Riverside Medical Centre', people: 9120, adults: 7310 },
      { practice: MALICIOUS, people: 6230, adults: 5020 },
      { practice: 'Hillview Surgery', people: 4890, adults: 3950 },
      { practice: 'Tiny Branch Practice', people: 6, adults: 5 },
    ],
    optedOut: 212,
  },
  segments: [
    { segment: 'Healthy', people: 14220, emergencyAdmissions: 410, bedDays: 1290 },
    { segment: 'Maternal and infant health', people: 820, emergencyAdmissions: 95, bedDays: 260 },
    { segment: 'Acutely ill', people: 640, emergencyAdmissions: 180, bedDays: 900 },
    { segment: 'Chronic conditions, normal function', people: 3900, emergencyAdmissions: 520, bedDays: 2950 },
    { segment: 'Stable but serious disability', people: 310, emergencyAdmissions: 61, bedDays: 640 },
    { segment: 'Short period of decline before dying', people: 4, emergencyAdmissions: 3, bedDays: 12 },
    { segment: 'Limited reserve, serious exacerbations', people: 250, emergencyAdmissions: 190, bedDays: 1720 },
    { segment: 'Long period of decline (frailty, dementia)', people: 96, emergencyAdmissions: 58, bedDays: 870 },
  ],
  risk: {
    bins: [0.025, 0.05, 0.075, 0.1, 0.125, 0.15, 0.175, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6].map((to, i, a) => ({
      from: i === 0 ? 0 : a[i - 1]!, to, people: [9100, 5200, 2700, 1400, 800, 460, 300, 190, 160, 90, 50, 6, 2][i]!,
    })),
    thresholds: [{ label: 'Top 5%', value: 0.15 }, { label: 'Top 2%', value: 0.25 }],
  },
  roc: { points: rocPoints, auroc: 0.772, ci: [0.758, 0.786] },
  calibration: [
    { expected: 0.01, observed: 0.012, n: 5000 }, { expected: 0.03, observed: 0.028, n: 4000 },
    { expected: 0.05, observed: 0.055, n: 3000 }, { expected: 0.08, observed: 0.074, n: 2500 },
    { expected: 0.12, observed: 0.13, n: 1800 }, { expected: 0.18, observed: 0.17, n: 900 },
    { expected: 0.26, observed: 0.29, n: 400 }, { expected: 0.4, observed: 0.36, n: 150 },
    { expected: 0.55, observed: 0.7, n: 6 },
  ],
  concentration: [1, 2, 5, 10, 20, 30, 50, 75, 100].map((topPercent, i) => ({
    topPercent,
    admissionsShare: [0.09, 0.16, 0.31, 0.46, 0.64, 0.75, 0.88, 0.96, 1][i]!,
    bedDaysShare: [0.14, 0.24, 0.42, 0.58, 0.75, 0.84, 0.93, 0.98, 1][i]!,
  })),
  variants: [
    { name: 'Top 2% per practice', people: 325, metrics: [
      { metric: 'Emergency admissions per person', estimate: 0.82, lower: 0.7, upper: 0.95 },
      { metric: 'Bed days per person', estimate: 6.1, lower: 5.0, upper: 7.3 } ] },
    { name: 'Top 5% per practice', people: 815, metrics: [
      { metric: 'Emergency admissions per person', estimate: 0.55, lower: 0.49, upper: 0.62 },
      { metric: 'Bed days per person', estimate: 3.9, lower: 3.4, upper: 4.5 } ] },
    { name: 'Top 2% population-wide', people: 327, metrics: [
      { metric: 'Emergency admissions per person', estimate: 0.86, lower: 0.73, upper: 0.99 },
      { metric: 'Bed days per person', estimate: 6.6, lower: 5.4, upper: 7.9 } ] },
  ],
  caseloads: [
    { practice: 'Riverside Medical Centre', selected: 147, adults: 7310, capacity: 150 },
    { practice: MALICIOUS, selected: 101, adults: 5020, capacity: 100 },
    { practice: 'Hillview Surgery', selected: 79, adults: 3950, capacity: 90 },
    { practice: 'Tiny Branch Practice', selected: 1, adults: 5, capacity: 5 },
  ],
  churn: [
    { period: '2025-05', entered: 41, left: 38, stayed: 286 },
    { period: '2025-06', entered: 36, left: 44, stayed: 283 },
    { period: '2025-07', entered: 3, left: 12, stayed: 316 },
  ],
  spc: [
    {
      title: 'Emergency admissions per 1,000 people (cohort)', unit: 'Per 1,000 people',
      points: months.map((label, i) => ({
        label, value: rates[i]!, centre: 31.0, upper: 35.5, lower: 26.5,
        signal: i === 10 || i === 11 ? 'concern' as const : i === 14 ? 'improvement' as const : 'common' as const,
      })),
    },
    {
      title: 'Emergency admissions of case-managed people (count)', unit: 'Admissions', valuesAreCounts: true,
      points: months.map((label, i) => ({ label, value: [14, 12, 5, 15, 13, 16, 11, 14, 17, 15, 12, 13, 9, 6, 12, 14][i]!, centre: 12.4, upper: 22.1, lower: 2.7 })),
    },
  ],
  intervention: {
    treated: 310, controls: 1240,
    effects: [
      { outcome: 'Emergency admissions per person', did: -0.05, didCi: [-0.16, 0.06], naive: -0.41, naiveCi: [-0.52, -0.3] },
      { outcome: 'Bed days per person', did: -0.3, didCi: [-1.1, 0.5], naive: -2.8, naiveCi: [-3.6, -2.0] },
    ],
  },
  tables: [
    {
      title: 'Opt-outs by practice', caption: 'People excluded because they opted out',
      columns: [{ key: 'practice', label: 'Practice' }, { key: 'optedOut', label: 'Opted out', kind: 'count' }, { key: 'share', label: 'Share of list', kind: 'percent' }],
      rows: [{ practice: 'Riverside Medical Centre', optedOut: 96, share: 0.0105 }, { practice: MALICIOUS, optedOut: 3, share: 0.0005 }],
    },
  ],
};
