/**
 * Clinical code lists: SNOMED CT, Read v2, CTV3, ICD-10 or local codes into long-term-condition
 * clusters, and registers as of a date.
 *
 * Start with {@link loadCodeLists} (OpenCodelists CSV, a long `cluster,code` CSV or JSON; from
 * files: `readCodeLists` in `risk-stratify/node`), pass the lists to `loadPopulation` as
 * `codeLists`, and read the registers with {@link conditionRegisters}. The built-in
 * {@link ICD10_LTC_CODE_LISTS} map hospital diagnoses to the same clusters.
 *
 * @module codelists
 */
export { CodeList, CODE_SYSTEMS } from './code-list.js';
export type { CodeSystem, CodeLists, ParsedCodeList } from './code-list.js';
export { loadCodeLists, CodeListManifest } from './load-code-lists.js';
export type { CodeListInput } from './load-code-lists.js';
export { parseOpenCodelistsCsv, OpenCodelistsMeta } from './parse-open-codelists-csv.js';
export { parseCodeListCsv, CodeListCsvOptions } from './parse-code-list-csv.js';
export { parseCodeListsJson } from './parse-code-lists-json.js';
export { ICD10_LTC_CODE_LISTS, ICD10_LTC_VERSION } from './icd10-ltc-code-lists.js';
export { conditionRegisters, registerSource } from './condition-registers.js';
export type { ConditionRegister, ConditionRegisters } from './condition-registers.js';
