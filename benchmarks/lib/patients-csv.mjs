// Writes the patients of a generated population as the CSV our loader and the peers read.
import { writeFileSync } from 'node:fs';
import { formatDay, generatePopulation, SEX_LEVELS } from '../../dist/index.js';

export function writePatientsCSV(n, path) {
  const { population: p } = generatePopulation({ size: n, seed: 7, gpContacts: false, outpatients: false, medications: false });
  const c = p.columns;
  const parts = ['id,practiceId,sex,birthDate,deathDate,registeredFrom,registeredTo,imdDecile,careHome,optedOut,ethnicity\n'];
  for (let i = 0; i < p.size; i++) {
    parts.push(`${p.ids[i]},${p.practices[c.practice[i]]},${SEX_LEVELS[c.sex[i]]},${formatDay(c.birthDate[i])},${formatDay(c.deathDate[i])},${formatDay(c.registeredFrom[i])},${formatDay(c.registeredTo[i])},${c.imdDecile[i] || ''},${c.careHome[i]},${c.optedOut[i]},${p.ethnicities[c.ethnicity[i]]}\n`);
  }
  writeFileSync(path, parts.join(''));
  return p.size;
}
