import type { ColumnUse, LoadSummary } from '../data/index.js';
import { defineCommand } from './define-command.js';
import { INPUT_OPTIONS, loadInput } from './load-input.js';
import { openOutput, type OutputDir } from './output.js';

/** Exit code of `validate` when some rows were rejected (everything else was loaded). */
export const EXIT_REJECTED = 3;

const SOURCES = ['patients', 'activity', 'conditions', 'medications'] as const;

/** How a column was used, in a word or two: the field, or ignored / duplicate of / UNRECOGNISED. */
export function columnUsedAs(c: ColumnUse): string {
  if (c.use === 'field') return c.field ?? '';
  if (c.use === 'duplicate') return `duplicate of ${c.field ?? 'an earlier column'}`;
  return c.use === 'unrecognised' ? 'UNRECOGNISED' : 'ignored';
}

/** The column table's lines: source, column, used as, rule (and a note where there is one). */
function columnLines(columns: readonly ColumnUse[]): string[] {
  const w = Math.min(40, Math.max(6, ...columns.map((c) => c.column.length)));
  return columns.map((c) => {
    const line = `  ${c.source.padEnd(11)} ${c.column.padEnd(w)} ${columnUsedAs(c).padEnd(24)} ${c.rule ?? '-'}`;
    return c.note !== undefined && c.use !== 'ignored' ? `${line.padEnd(w + 46)}  (${c.note})` : line;
  });
}

/** What the opt-outs are known from, in words. */
function optOutLine(summary: LoadSummary): string {
  const cols = summary.columns.filter((c) => c.source === 'patients' && c.use === 'field' && c.field === 'optedOut').map((c) => c.column);
  switch (summary.optOuts) {
    case 'column': return `opt-outs: read from ${cols.join(' and ')}${cols.length > 1 ? ' (opted out when ANY says yes)' : ''}; opted-out people are never selected or written`;
    case 'removed-upstream': return 'opt-outs: removed from the extract upstream (said with --opt-outs removed-upstream); no one in it is treated as opted out';
    case 'synthetic': return 'opt-outs: synthetic people (Synthea), none recorded';
    default: return 'opt-outs: not recorded';
  }
}

export const validateCommand = defineCommand({
  name: 'validate',
  summary: "check a site's extract: how every column was read, every rejected row with its file, row, field, value and reason",
  usage: '--patients FILE [--activity FILE] [--conditions FILE] [--medications FILE] [--extract-date DATE] [--opt-outs removed-upstream] [--ignore COLS] [--out DIR] [--json]',
  options: {
    ...INPUT_OPTIONS,
    limit: { type: 'string', arg: 'N', help: 'rejected rows to print (default 20; all are written with --out)' },
  },
  examples: [
    'risk-stratify validate --patients examples/data/broken/patients.csv --activity examples/data/broken/activity.csv --conditions examples/data/broken/conditions.csv --extract-date 2025-04-01 --out validation',
    'risk-stratify validate --patients test/fixtures/extract/nhs-style/patients.csv --activity test/fixtures/extract/nhs-style/activity.csv --conditions test/fixtures/extract/nhs-style/conditions.csv --extract-date 2025-03-31',
  ],
  description:
    'Loads the extract exactly as every other command does and reports what was read and what was not:\n' +
    'the column table (every column of every file: the field it was read as and by which rule -\n' +
    "mapping, exact name, loose name or alias - or 'ignored', 'duplicate', 'UNRECOGNISED'), where\n" +
    'opt-outs come from, condition codes that are not clusters (rejected, most frequent first), the\n' +
    "load's warnings, the window the data cover (the extract date and the first date from which\n" +
    'activity is complete, given or derived), rows in, accepted and rejected per source, issues by\n' +
    'reason, and each rejected row (source, file, row numbered from 1 after the header, field,\n' +
    'value, reason). With --out it writes internal/rejected.csv, internal/columns.csv and\n' +
    'internal/validation.json (summary with the column table and the unknown condition codes,\n' +
    'warnings, every issue; values from the extract: not for publication). Row numbers and values are shown, never whole\n' +
    "records; an opted-out person's id is never written.\n" +
    'A patients file without an opt-out column is refused (exit 1) unless --opt-outs removed-upstream.\n' +
    'Exit codes: 0 every row accepted; 3 some rows rejected (the rest loaded); 1 a file could not be\n' +
    'read at all, or no opt-out column; 2 a usage mistake.',
  async run(ctx) {
    const input = await loadInput(ctx, { logWarnings: false });
    const { summary, rejected, warnings } = input;
    // an opted-out person's id is already withheld from every issue by the loader
    const issues = rejected;
    const rows = issues.map((i) => ({
      source: i.source, file: i.file ?? '', row: i.row, field: i.field, value: i.value === undefined ? '' : String(i.value), reason: i.code, message: i.message,
    }));
    const columns = summary.columns.map((c) => ({ source: c.source, file: c.file ?? '', column: c.column, usedAs: columnUsedAs(c), use: c.use, field: c.field ?? '', rule: c.rule ?? '', note: c.note ?? '' }));
    let out: OutputDir | undefined;
    if (ctx.common.out) {
      out = openOutput(ctx, ctx.common.out);
      out.population(input.population);
      out.internal.csv('rejected.csv', rows, 'rejected rows: source, file, row, field, value, reason', ['source', 'file', 'row', 'field', 'value', 'reason', 'message']);
      out.internal.csv('columns.csv', columns, 'every column of every file: the field it was read as and by which rule, or ignored / duplicate / unrecognised',
        ['source', 'file', 'column', 'usedAs', 'use', 'field', 'rule', 'note']);
      out.internal.json('validation.json', { from: input.from, summary, warnings, rejected: issues },
        'the column table, opt-outs, unknown condition codes, rows in, accepted and rejected per source, warnings and every issue (values from the extract: not for publication)');
    }
    if (ctx.common.json) {
      ctx.printJSON({ from: input.from, summary, warnings, rejected: rows, files: out?.written.map((f) => f.path) ?? [] });
    } else {
      const limit = ctx.number('limit', 20);
      const w = summary.window;
      const lines = [
        `validated ${input.from} (extract date ${summary.referenceDate})`,
        `window: activity complete from ${w.activityFrom} (${w.activityFromSource}) to the extract date ${w.extractDate} (${w.extractDateSource}); no as-of date or horizon may run past it`,
        ...(w.rule ? [`  derived: ${w.rule}`] : []),
      ];
      for (const s of SOURCES) {
        const x = summary[s];
        if (x.provided) lines.push(`  ${s.padEnd(12)} ${String(x.rowsIn).padStart(9)} rows in  ${String(x.rowsAccepted).padStart(9)} accepted  ${String(x.rowsRejected).padStart(7)} rejected`);
      }
      lines.push(optOutLine(summary));
      lines.push('', 'columns (source, column, used as, rule):', ...columnLines(summary.columns));
      const unknown = summary.unknownConditionCodes;
      if (unknown.rows > 0) {
        lines.push('', `condition codes in no code list (not rejected, in no register; is a list missing? add it with inputs.codeLists in the config): ${unknown.distinct} code(s) in ${unknown.rows} row(s) of ${unknown.people} people, most frequent first (code rows/people):`);
        lines.push(`  ${unknown.top.map((u) => `${u.code} ${u.rows}/${u.people}`).join(', ')}${unknown.distinct > unknown.top.length ? ', ...' : ''}`);
      }
      if (warnings.length) lines.push('', ...warnings.map((w) => `warning: ${w.message}`));
      lines.push('');
      const codes = Object.entries(summary.issuesByCode);
      if (codes.length) lines.push(`issues by reason: ${codes.map(([c, n]) => `${c} ${n}`).join(', ')}`);
      if (summary.optedOutIdsWithheld) lines.push(`note: ${summary.optedOutIdsWithheld} rejected row(s) would show an opted-out person's id: shown as (opted-out id withheld)`);
      if (summary.nonIcd10Diagnoses) lines.push(`note: ${summary.nonIcd10Diagnoses} accepted activity rows have a diagnosis that is not ICD-10 shaped`);
      if (rows.length) {
        lines.push('', 'source,row,field,value,reason');
        for (const r of rows.slice(0, limit)) lines.push(`${r.source},${r.row},${r.field},${JSON.stringify(r.value)},${r.reason}`);
        if (rows.length > limit) lines.push(`... and ${rows.length - limit} more${out ? '' : ' (use --out DIR to write them all)'}`);
      } else {
        lines.push('every row accepted');
      }
      ctx.print(lines.join('\n'));
      if (out) for (const line of out.summary(ctx.io.cwd)) ctx.log(line);
    }
    return rejected.length > 0 ? EXIT_REJECTED : 0;
  },
});
