// Prints the loading guide's alias table (which header names each loader field is recognised by),
// generated from src/data/source-fields.ts so docs/loading-your-extract.md cannot drift from the code.
// `node scripts/alias-table.mjs` prints it; `--write` puts it into docs/loading-your-extract.md between the
// `<!-- alias-table:start -->` and `<!-- alias-table:end -->` markers; `--check` exits 1 when
// the guide differs (test/data/source-fields.test.ts checks the same).
import { bundledExport, generatedBlock } from './generated-block.mjs';

const aliasTableMarkdown = await bundledExport('src/data/source-fields.ts', 'aliasTableMarkdown');
generatedBlock('docs/loading-your-extract.md', 'alias-table', aliasTableMarkdown(), 'node scripts/alias-table.mjs --write');
