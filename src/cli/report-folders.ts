/**
 * Reads the published report inputs that commands wrote into run folders
 * (`publish/report-input-<command>.json`, see `writeReportInput`) and puts them together as one
 * report: one folder is one run (its commands' sections side by side); several folders are
 * several months, the latest giving every section and all of them the churn and the model's
 * performance over time. Sections no folder has are listed with the command that writes them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { isRiskStratifyError } from '../core/errors.js';
import type { ParsedReportInput } from '../report/index.js';
import { readPublishedReportDocument, type PublishedRule } from '../report/published-report-input.js';
import { CliError } from './errors.js';

type Section = NonNullable<ParsedReportInput['missing']>[number]['section'];

/** One command's published report input, read from a folder. */
interface Part {
  file: string;
  command: string;
  asOf: string | undefined;
  rule: PublishedRule;
  input: ParsedReportInput;
}

/** Which command writes each section: what a report missing it should say. */
const WRITER: Record<Section, string> = {
  population: 'cohort', segments: 'segment', risk: 'cohort', model: 'evaluate', concentration: 'evaluate',
  variants: 'compare', caseloads: 'cohort', churn: 'cohort', spc: 'monitor', intervention: '',
};

/** Section ids and the input keys each is drawn from. */
const KEYS: Record<Section, ReadonlyArray<keyof ParsedReportInput>> = {
  population: ['population'], segments: ['segments'], risk: ['risk'], model: ['roc', 'calibration'], concentration: ['concentration'],
  variants: ['variants'], caseloads: ['caseloads'], churn: ['churn'], spc: ['spc', 'spcMatrix', 'dashboard'], intervention: ['intervention'],
};

/** The report input files of one run folder: in `publish/`, `internal/` (suppression off), the folder itself, or its output folders one level down. */
function inputFiles(dir: string): string[] {
  const found: string[] = [];
  const look = (d: string): void => {
    if (!existsSync(d) || !statSync(d).isDirectory()) return;
    for (const name of readdirSync(d).sort()) if (/^report-input-[\w-]+\.json$/.test(name)) found.push(join(d, name));
  };
  const folder = (d: string): void => {
    look(join(d, 'publish'));
    look(join(d, 'internal'));
    look(d);
  };
  folder(dir);
  if (found.length === 0 && existsSync(dir) && statSync(dir).isDirectory()) {
    for (const name of readdirSync(dir).sort()) {
      const sub = join(dir, name);
      if (statSync(sub).isDirectory()) folder(sub);
    }
  }
  return found;
}

function readPart(file: string, cwd: string): Part {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(`cannot read report input ${relative(cwd, file) || file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const r = readPublishedReportDocument('report', doc);
    return { file, command: r.command || basename(file).replace(/^report-input-|\.json$/g, ''), asOf: r.asOf, rule: r.rule, input: r.input };
  } catch (e) {
    if (isRiskStratifyError(e)) throw new CliError(`${relative(cwd, file) || file}: ${e.message}`);
    throw e;
  }
}

function has(input: ParsedReportInput, section: Section): boolean {
  return KEYS[section].some((k) => {
    const v = input[k];
    return Array.isArray(v) ? v.length > 0 : v !== undefined;
  });
}

/** The latest as-of date of a folder's parts (`''` when none says). */
const folderDate = (parts: readonly Part[]): string => parts.reduce((m, p) => (p.asOf !== undefined && p.asOf > m ? p.asOf : m), '');

/**
 * The report input built from run folders, with the rule its counts went through, the files
 * read, and the sections missing with why. Throws a `CliError` naming the folder when one
 * holds no report input, and when the folders were suppressed by different rules.
 */
export function readReportFolders(dirs: readonly string[], cwd: string): { input: ParsedReportInput; rule: PublishedRule; files: string[] } {
  const folders = dirs.map((dir) => {
    if (!existsSync(dir)) throw new CliError(`no such folder: ${dir}`);
    const files = inputFiles(dir);
    if (files.length === 0) {
      throw new CliError(`${dir} holds no report input (publish/report-input-<command>.json): run refresh, segment, cohort, evaluate, compare or monitor with --out ${relative(cwd, dir) || dir} first` +
        "; for the demo's exact report data use 'risk-stratify report --input internal/report-data.json'");
    }
    return { dir, parts: files.map((f) => readPart(f, cwd)) };
  });
  const all = folders.flatMap((f) => f.parts);
  const rule = all[0]!.rule;
  const other = all.find((p) => p.rule.threshold !== rule.threshold || p.rule.roundTo !== rule.roundTo || p.rule.suppressZero !== rule.suppressZero);
  if (other) throw new CliError(`${other.file} was suppressed with a different rule (threshold ${other.rule.threshold}, round to ${other.rule.roundTo}) from ${all[0]!.file} (threshold ${rule.threshold}, round to ${rule.roundTo}): run them with the same config`);
  // Oldest first; a folder with no date keeps its place on the command line.
  const ordered = folders.map((f, i) => ({ ...f, i, date: folderDate(f.parts) })).sort((a, b) => (a.date && b.date && a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.i - b.i));
  const latest = ordered[ordered.length - 1]!;
  const input: ParsedReportInput = { title: 'Risk stratification report' };
  const notes: string[] = [];
  const provenance: string[] = [];
  const sectionNotes: NonNullable<ParsedReportInput['sectionNotes']> = {};
  const sections = Object.keys(KEYS) as Section[];
  for (const section of sections) {
    if (section === 'churn') continue;
    // The latest folder that has the section gives it, whole (its notes with it).
    const from = [...ordered].reverse().flatMap((f) => f.parts.map((p) => ({ f, p }))).filter(({ p }) => has(p.input, section));
    const pick = from.find(({ f }) => f === latest) ?? from[0];
    if (!pick) continue;
    for (const k of KEYS[section]) if (pick.p.input[k] !== undefined) (input as Record<string, unknown>)[k] = pick.p.input[k];
    const sn = pick.p.input.sectionNotes?.[section];
    sectionNotes[section] = [...(sn ?? []), ...(pick.f !== latest ? [`From the run in ${relative(cwd, pick.f.dir) || pick.f.dir}, the latest that has this section.`] : [])];
  }
  // Churn: every refresh of every folder, oldest first.
  const churn = ordered.flatMap((f) => f.parts.flatMap((p) => p.input.churn ?? []));
  const seen = new Set<string>();
  const churnRows = churn.filter((c) => (seen.has(c.period) ? false : (seen.add(c.period), true)));
  if (churnRows.length > 0) {
    input.churn = churnRows;
    sectionNotes.churn = ordered.length > 1 ? [`Refreshes from ${ordered.length} runs, oldest first.`] : [];
  }
  // The model's performance over time: one row per folder with an evaluation.
  const drift = ordered.flatMap((f) => f.parts.filter((p) => p.input.roc !== undefined || (p.input.calibration?.length ?? 0) > 0).map((p) => ({ f, p })));
  if (ordered.length > 1 && drift.length > 1) {
    input.tables = [{
      title: 'Model performance over time',
      caption: 'Each run\'s back-test: AUROC, and all predicted against all observed emergency admissions (calibration in the large, from the published counts)',
      columns: [
        { key: 'run', label: 'Run', kind: 'text' }, { key: 'asOf', label: 'Scored on', kind: 'text' }, { key: 'auroc', label: 'AUROC (95% CI)', kind: 'text' },
        { key: 'expected', label: 'Mean predicted risk', kind: 'percent' }, { key: 'observed', label: 'Observed rate', kind: 'percent' },
      ],
      rows: drift.map(({ f, p }) => {
        const roc = p.input.roc;
        const cal = (p.input.calibration ?? []).filter((c) => Number.isFinite(c.n) && c.events !== undefined && Number.isFinite(c.events));
        const n = cal.reduce((s, c) => s + c.n, 0);
        return {
          run: relative(cwd, f.dir) || f.dir, asOf: p.asOf ?? '',
          auroc: roc === undefined ? 'not computed' : roc.auroc === null ? `n/a (${roc.missing ?? 'not supported by the data'})` : `${roc.auroc.toFixed(3)}${roc.ci ? ` (${roc.ci[0].toFixed(3)} to ${roc.ci[1].toFixed(3)})` : ''}`,
          expected: n > 0 ? cal.reduce((s, c) => s + c.expected * c.n, 0) / n : null,
          observed: n > 0 ? cal.reduce((s, c) => s + (c.events ?? 0), 0) / n : null,
        };
      }),
    }];
  }
  for (const f of ordered) {
    for (const p of f.parts) for (const line of p.input.provenance ?? []) if (!provenance.includes(line)) provenance.push(line);
    for (const p of f.parts) for (const note of p.input.notes ?? []) if (!notes.includes(note)) notes.push(note);
  }
  if (latest.date) input.asOf = latest.date;
  if (notes.length) input.notes = notes;
  if (provenance.length) input.provenance = provenance;
  input.sectionNotes = Object.fromEntries(Object.entries(sectionNotes).filter(([, v]) => v.length > 0));
  // A run that had the section's command but could not publish it says why itself.
  const own = new Map<Section, string>();
  for (const f of [...ordered].reverse()) for (const p of f.parts) for (const m of p.input.missing ?? []) if (!own.has(m.section)) own.set(m.section, m.why);
  input.missing = sections.filter((s) => !has(input, s)).map((section) => ({
    section,
    why: own.get(section) ?? (section === 'intervention'
      ? "no command runs the matched evaluation on a site's own data yet; 'risk-stratify demo' shows it on a separate synthetic population with a known effect"
      : `no '${WRITER[section]}' output in ${dirs.length === 1 ? 'this folder' : 'these folders'} (run 'risk-stratify ${WRITER[section]} ... --out DIR' to add it)`),
  }));
  return { input, rule, files: all.map((p) => p.file) };
}
