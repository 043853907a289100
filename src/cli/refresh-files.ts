/**
 * Writes a monthly refresh's files into a run folder: the case lists and leavers, the meeting
 * files per practice, the state for next month, a summary, and the published caseloads. The
 * content is made by the library (`caseListCSV`, `leaversCSV`, `renderPracticeCaseList`); this
 * only decides names and folders.
 */
import type { Population } from '../core/population.js';
import { cohortRows } from '../cohort/index.js';
import type { VariantRefresh } from '../refresh/index.js';
import type { MonthlyRefresh } from '../refresh/index.js';
import { caseListCSV, leaversCSV, renderPracticeCaseList } from '../report/index.js';
import { CASELOAD_COLUMNS, caseloadTable } from './caseload-table.js';
import type { OutputDir } from './output.js';
import type { SuppressRule } from './suppress.js';
import { windowProvenance } from './window-option.js';

/** The state file next month's `--previous` reads (under `internal/`). */
export const STATE_FILE = 'refresh-state.json';

/** A practice code or variant name as a file or folder name: letters, digits, `_ . -` kept, anything else `_`. */
export function safeName(code: string): string {
  const safe = code.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_');
  return safe === '' ? '_' : safe;
}

/** Writes every file of `refresh` into `out`. */
export function writeRefreshFiles(out: OutputDir, refresh: MonthlyRefresh, population: Population, rule: SuppressRule): void {
  const optedOut = out.optedOut ?? new Set<string>();
  const opts = { optedOut };
  out.internal.json(STATE_FILE, refresh.next, "this month's cohorts (ids) and everyone ever selected, per variant: next month's --previous reads it (opted-out people left out)");
  if (refresh.fitted) {
    out.internal.json('model.json', refresh.model.toJSON(), `the model fitted by this refresh (features at ${refresh.fitted.asOf} -> outcomes to ${refresh.fitted.outcomeTo}); load with loadRiskModel`);
  }
  for (const v of Object.values(refresh.variants)) {
    const vn = safeName(v.name);
    out.internal.text(`case-list-${vn}.csv`, caseListCSV(v.caseList, opts), `case list ${v.name}, all practices, for direct care: risk %, band, age band, sex, conditions, frailty, admissions, the top three reasons, new/stayed/returned`);
    if (v.churn) {
      out.internal.text(`leavers-${vn}.csv`, leaversCSV(v.leavers, opts), `left ${v.name} since last month, each with the reason (died, left the practice, fell below the cut-off, excluded by a list); ${v.churn.counts.optedOut} opted-out leaver(s) counted, not listed`);
    }
    for (const load of v.caseloads) {
      if (load.selected === 0 && load.eligible === 0) continue;
      const dir = `practices/${safeName(load.practice)}`;
      const mine = v.caseList.filter((r) => r.practice === load.practice);
      out.internal.text(`${dir}/case-list-${vn}.csv`, caseListCSV(mine, opts), `practice ${load.practice}: its case list ${v.name} for the MDT meeting (direct care, not for publication)`);
      out.internal.text(`${dir}/case-list-${vn}.html`, renderPracticeCaseList(refresh, v.name, load.practice, opts), `practice ${load.practice}: its case list ${v.name} as a printable A4 page (direct care, not for publication)`);
    }
  }
  out.internal.json('refresh-summary.json', {
    asOf: refresh.asOf,
    window: windowProvenance(refresh.window),
    fitted: refresh.fitted,
    variants: Object.fromEntries(Object.values(refresh.variants).map((v) => [v.name, {
      options: v.cohort.options, selected: v.cohort.selected.rows.length, excluded: v.cohort.excluded,
      churn: v.churn ? v.churn.counts : null, caseloads: v.caseloads, warnings: v.cohort.warnings,
    }])),
    evaluation: refresh.evaluation,
    warnings: refresh.warnings,
  }, 'the refresh: cohort sizes, exclusions by reason, churn counts, caseloads per practice, the evaluation (where outcomes exist) and every warning (exact)');
  out.publish.table('caseload.csv', caseloadTable(Object.values(refresh.variants).map((v) => ({ variant: v.name, cohort: v.cohort })), rule),
    'caseload per practice and in all practices for each variant: eligible, selected, % selected, score cut-off (suppressed)', CASELOAD_COLUMNS);
  void population;
}

/**
 * The per-variant files `cohort` and `demo` write: cohort-<variant>.csv (id, practice, rank,
 * score), case-list-<variant>.csv (the readable case list with reasons) and
 * cohort-<variant>-exclusions.csv, all under internal/.
 */
export function writeCohortFiles(out: OutputDir, v: VariantRefresh): void {
  const { cohort } = v;
  out.internal.csv(`cohort-${v.name}.csv`, cohortRows(cohort), `case list ${v.name} for direct care: id, practice, rank, score (opted-out people never selected)`, ['id', 'practice', 'rank', 'score']);
  out.internal.text(`case-list-${safeName(v.name)}.csv`, caseListCSV(v.caseList, { optedOut: out.optedOut ?? new Set() }), `case list ${v.name} for direct care: risk %, band, age band, sex, conditions, frailty, admissions, the top three reasons, new/stayed`);
  out.internal.csv(`cohort-${v.name}-exclusions.csv`, cohort.exclusions.filter((x) => x.reason !== 'child'), `people not eligible for ${v.name} and why (deceased, left the list, your lists; children and opted-out people are counted, not listed)`, ['id', 'reason']);
}
