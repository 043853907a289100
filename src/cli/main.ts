/**
 * The `risk-stratify` command. The only part of the package (with the examples) that
 * writes to the terminal: results to stdout, progress and errors to stderr.
 */
import { isRiskStratifyError } from '../core/errors.js';
import { commands } from './commands.js';

const USAGE = `risk-stratify <command> [options]

Commands:
${Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`).join('\n')}

Run 'risk-stratify <command> --help' for a command's options and an example.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? 1 : 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`risk-stratify: unknown command '${name}'\n\n${USAGE}\n`);
    return 2;
  }
  const debug = rest.includes('--debug');
  try {
    return await command.run(rest.filter((a) => a !== '--debug'));
  } catch (e) {
    if (debug) throw e;
    const message = isRiskStratifyError(e) || e instanceof Error ? e.message : String(e);
    process.stderr.write(`risk-stratify ${name}: ${message}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => { process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`); process.exitCode = 1; },
);
