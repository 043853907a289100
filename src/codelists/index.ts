// Public entry of the code-list stage: named exports only.
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
