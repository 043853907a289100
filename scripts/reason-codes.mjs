// Prints the reason-code tables of docs/reason-codes.md (every code a row rejection, a warning
// or an error can carry, with its meaning), generated from src/schema/reason-codes.ts, which
// reads the code's own lists, so the doc cannot drift from the code.
// `node scripts/reason-codes.mjs` prints them; `--write` puts them into docs/reason-codes.md
// between `<!-- reason-codes:start -->` and `<!-- reason-codes:end -->`; `--check` exits 1 when
// the doc differs (test/schema/reason-codes.test.ts checks the same).
import { bundledExport, generatedBlock } from './generated-block.mjs';

const reasonCodeTableMarkdown = await bundledExport('src/schema/reason-codes.ts', 'reasonCodeTableMarkdown');
generatedBlock('docs/reason-codes.md', 'reason-codes', reasonCodeTableMarkdown(), 'node scripts/reason-codes.mjs --write');
