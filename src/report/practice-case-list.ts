import { fail } from '../core/errors.js';
import type { CaseListRow, LeaverRow, MonthlyRefresh } from '../refresh/index.js';
import { escapeHtml } from './escape-html.js';
import { toCSV, type CsvColumn } from './to-csv.js';

/** The statement every case-list file carries. */
export const CASE_LIST_STATEMENT = 'For direct care only (MDT case management). NOT FOR PUBLICATION: contains pseudonymised patient identifiers.';

const CASE_LIST_COLUMNS: readonly { key: keyof CaseListRow; header: string }[] = [
  { key: 'id', header: 'pseudonymised id' },
  { key: 'practice', header: 'practice' },
  { key: 'rank', header: 'rank' },
  { key: 'riskPercent', header: 'risk %' },
  { key: 'riskBand', header: 'risk band' },
  { key: 'ageBand', header: 'age band' },
  { key: 'sex', header: 'sex' },
  { key: 'ltcCount', header: 'long-term conditions' },
  { key: 'conditions', header: 'conditions' },
  { key: 'frailty', header: 'frailty' },
  { key: 'emergencyAdmissions', header: 'emergency admissions' },
  { key: 'bedDays', header: 'bed days' },
  { key: 'monthsSinceEmergency', header: 'months since last emergency admission' },
  { key: 'careHome', header: 'care home' },
  { key: 'reason1', header: 'reason 1' },
  { key: 'reason2', header: 'reason 2' },
  { key: 'reason3', header: 'reason 3' },
  { key: 'status', header: 'this month' },
];

const LEAVER_COLUMNS: readonly CsvColumn[] = [
  { key: 'id', header: 'pseudonymised id' }, 'practice', 'reason', 'detail', { key: 'riskPercent', header: 'risk % now' },
];

/** Options of the case-list writers: ids of opted-out people, dropped if ever present (they never are). */
export interface CaseListFileOptions {
  /** Ids of people who opted out (e.g. every id with `population.columns.optedOut` set). */
  readonly optedOut?: ReadonlySet<string>;
  /** Write {@link CASE_LIST_STATEMENT} as the first line (default true). */
  readonly statement?: boolean;
}

/**
 * A case list as CSV for a spreadsheet: the statement line (for direct care, not for
 * publication), then a header in words and one row per person (risk % to 1 dp, the top three
 * reasons, new/stayed/returned). Formula-safe (`toCSV`); opted-out ids are dropped.
 *
 * @param rows - `MonthlyRefresh.variants[name].caseList`, or a practice's part of it.
 * @param options - {@link CaseListFileOptions}.
 * @returns The CSV text (CRLF line ends).
 * @example
 * caseListCSV(month.variants.top2.caseList).split('\r\n')[1]; // => 'pseudonymised id,practice,rank,risk %,...'
 */
export function caseListCSV(rows: readonly CaseListRow[], options: CaseListFileOptions = {}): string {
  const csv = toCSV(rows as unknown as ReadonlyArray<Record<string, unknown>>, { columns: [...CASE_LIST_COLUMNS], ...(options.optedOut ? { optedOut: options.optedOut } : {}) }).csv;
  return options.statement === false ? csv : `${CASE_LIST_STATEMENT}\r\n${csv}`;
}

/**
 * Leavers since last month as CSV: the statement line, then id, practice, reason (died, left
 * the practice, fell below the cut-off, excluded by a list, ...), detail, risk % now.
 *
 * @example
 * leaversCSV(month.variants.top2.leavers).includes('fell below the cut-off'); // => true
 */
export function leaversCSV(rows: readonly LeaverRow[], options: CaseListFileOptions = {}): string {
  const csv = toCSV(rows as unknown as ReadonlyArray<Record<string, unknown>>, { columns: [...LEAVER_COLUMNS], ...(options.optedOut ? { optedOut: options.optedOut } : {}) }).csv;
  return options.statement === false ? csv : `${CASE_LIST_STATEMENT}\r\n${csv}`;
}

/**
 * One practice's case list for the MDT meeting as a printable page (A4 landscape, one
 * table): the practice's caseload against its capacity, then its people in rank order with
 * the columns of the case list. Nothing from other practices is on it; the page says it is
 * for direct care and not for publication. Self-contained HTML, no scripts.
 *
 * @param refresh - A {@link MonthlyRefresh}.
 * @param variant - The variant's name, e.g. `'top2'`.
 * @param practice - The practice code.
 * @param options - `optedOut` ids (dropped if ever present).
 * @returns The HTML page.
 * @throws RiskStratifyError `invalid_argument` for an unknown variant or practice.
 * @example
 * renderPracticeCaseList(month, 'top2', 'A81001').includes('NOT FOR PUBLICATION'); // => true
 */
export function renderPracticeCaseList(refresh: MonthlyRefresh, variant: string, practice: string, options: CaseListFileOptions = {}): string {
  const FN = 'renderPracticeCaseList';
  const v = refresh.variants[variant];
  if (!v) fail({ fn: FN, code: 'invalid_argument', path: ['variant'], value: variant, message: `no such variant (have ${Object.keys(refresh.variants).join(', ')})` });
  const load = v.caseloads.find((c) => c.practice === practice);
  if (!load) fail({ fn: FN, code: 'invalid_argument', path: ['practice'], value: practice, message: 'no such practice in the refresh' });
  const rows = v.caseList.filter((r) => r.practice === practice && !options.optedOut?.has(r.id));
  const capacity = load.capacity === null ? 'no capacity set' : `capacity ${load.capacity}${rows.length > load.capacity ? ' (OVER)' : ''}`;
  const cells = CASE_LIST_COLUMNS.filter((c) => c.key !== 'practice');
  const cell = (r: CaseListRow, k: keyof CaseListRow): string => {
    const x = r[k];
    return x === null || x === undefined ? '' : k === 'riskPercent' ? (x as number).toFixed(1) : escapeHtml(String(x));
  };
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>${escapeHtml(`Case list ${practice} ${variant} ${refresh.asOf}`)}</title>
<style>
@page { size: A4 landscape; margin: 10mm; }
body { font: 9pt/1.3 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: #111; margin: 0; }
h1 { font-size: 13pt; margin: 0 0 2mm; }
p { margin: 0 0 2mm; }
.statement { font-weight: bold; border: 1px solid #a00; color: #a00; padding: 1.5mm; }
table { border-collapse: collapse; width: 100%; table-layout: auto; }
th, td { border: 1px solid #999; padding: 1mm 1.2mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { background: #eee; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
</style></head>
<body>
<p class="statement">${escapeHtml(CASE_LIST_STATEMENT)}</p>
<h1>${escapeHtml(`Practice ${practice}: case list ${variant}, as of ${refresh.asOf}`)}</h1>
<p>Caseload: <strong>${rows.length}</strong> ${rows.length === 1 ? 'person' : 'people'} selected; ${escapeHtml(capacity)}${load.eligible !== null ? `; ${load.eligible} eligible adults` : ''}${load.cutOffPercent !== null ? `; cut-off risk ${load.cutOffPercent.toFixed(1)}%` : ''}.
Risk is the predicted chance of an emergency admission in the next 12 months. Reasons compare the person with the average person on the list; they are not causes.</p>
<table>
<thead><tr>${cells.map((c) => `<th>${escapeHtml(c.header)}</th>`).join('')}</tr></thead>
<tbody>
${rows.map((r) => `<tr>${cells.map((c) => `<td${typeof r[c.key] === 'number' ? ' class="num"' : ''}>${cell(r, c.key)}</td>`).join('')}</tr>`).join('\n')}
</tbody>
</table>
</body></html>
`;
}
