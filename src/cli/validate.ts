import type { ValidationIssue } from '../schema/index.js';
import { defineCommand } from './define-command.js';
import { INPUT_OPTIONS, loadInput } from './load-input.js';
import { openOutput, type OutputDir } from './output.js';

/** Exit code of `validate` when some rows were rejected (everything else was loaded). */
export const EXIT_REJECTED = 3;

const SOURCES = ['patients', 'activity', 'conditions', 'medications'] as const;

export const validateCommand = defineCommand({
  name: 'validate',
  summary: "check a site's extract: every rejected row with its file, row, field, value and reason",
  usage: '--patients FILE [--activity FILE] [--conditions FILE] [--medications FILE] [--extract-date DATE] [--out DIR] [--json]',
  options: {
    ...INPUT_OPTIONS,
    limit: { type: 'string', arg: 'N', help: 'rejected rows to print (default 20; all are written with --out)' },
  },
  examples: [
    'risk-stratify validate --patients examples/data/broken/patients.csv --activity examples/data/broken/activity.csv --conditions examples/data/broken/conditions.csv --extract-date 2025-04-01 --out validation',
  ],
  description:
    'Loads the extract exactly as every other command does and reports what was not accepted: rows in,\n' +
    'accepted and rejected per source, issues by reason, and each rejected row (source, file, row\n' +
    'numbered from 1 after the header, field, value, reason). With --out it writes internal/rejected.csv\n' +
    'and internal/validation.json (values from the extract: not for publication). Row numbers and values\n' +
    'are shown, never whole records.\n' +
    'Exit codes: 0 every row accepted; 3 some rows rejected (the rest loaded); 1 a file could not be\n' +
    'read at all; 2 a usage mistake.',
  async run(ctx) {
    const input = await loadInput(ctx);
    const { summary, rejected } = input;
    const rows = rejected.map((i: ValidationIssue) => ({
      source: i.source, file: i.file ?? '', row: i.row, field: i.field, value: i.value === undefined ? '' : String(i.value), reason: i.code, message: i.message,
    }));
    let out: OutputDir | undefined;
    if (ctx.common.out) {
      out = openOutput(ctx, ctx.common.out);
      out.population(input.population);
      out.internal.csv('rejected.csv', rows, 'rejected rows: source, file, row, field, value, reason', ['source', 'file', 'row', 'field', 'value', 'reason', 'message']);
      out.internal.json('validation.json', { summary, rejected }, 'rows in, accepted and rejected per source, and every issue');
    }
    if (ctx.common.json) {
      ctx.printJSON({ from: input.from, summary, rejected: rows, files: out?.written.map((f) => f.path) ?? [] });
    } else {
      const limit = ctx.number('limit', 20);
      const lines = [`validated ${input.from} (extract date ${summary.referenceDate})`];
      for (const s of SOURCES) {
        const x = summary[s];
        if (x.provided) lines.push(`  ${s.padEnd(12)} ${String(x.rowsIn).padStart(9)} rows in  ${String(x.rowsAccepted).padStart(9)} accepted  ${String(x.rowsRejected).padStart(7)} rejected`);
      }
      const codes = Object.entries(summary.issuesByCode);
      if (codes.length) lines.push(`issues by reason: ${codes.map(([c, n]) => `${c} ${n}`).join(', ')}`);
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
