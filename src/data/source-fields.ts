// Internal: the canonical fields of each source, which are required, and the header names
// each field is recognised by when no `columns` mapping names its column. The README's alias
// table is generated from this file (scripts/alias-table.mjs; test/data/alias-table.test.ts
// fails when they differ).
import type { SourceName } from '../schema/validation-issue.js';

export interface FieldSpec {
  readonly name: string;
  readonly required: boolean;
  /**
   * Header names also recognised for this field, as English extracts write them (GP system
   * extracts, SUS/HES, ICB warehouses), in the order they are tried. Compared loosely: case,
   * `_`, spaces and other punctuation are ignored (`NHS_Pseudo_ID` is `nhs_pseudo_id`).
   */
  readonly aliases: readonly string[];
  /**
   * Every column that names this field is read, not only the first, and they are combined:
   * for `optedOut` a person is opted out when ANY of them says yes (`national_opt_out` and
   * `type_1_opt_out` together). Only privacy-critical flags combine.
   */
  readonly combine?: boolean;
  /** Required unless this other field is there instead (`birthDate` or `birthYear`). */
  readonly orElse?: string;
}

const f = (name: string, required: boolean, aliases: string[], extra: Pick<FieldSpec, 'combine' | 'orElse'> = {}): FieldSpec =>
  Object.freeze({ name, required, aliases: Object.freeze(aliases), ...extra });

// The pseudonymised person id as GP, SUS and warehouse extracts name it. `nhs_number` is
// deliberately absent: a real NHS number must not become the id every output carries.
const PERSON_ID = ['nhs_pseudo_id', 'pseudo_nhs_number', 'der_pseudo_nhs_number', 'pseudonymised_nhs_number', 'pseudo_id', 'person_id', 'patient_id'];

/**
 * The fields of each source in the order they are resolved, with their aliases. Resolution
 * of one field, first match wins (see `resolveColumns`): the `columns` mapping; a header equal
 * to the field name (`exact`); a header equal to it loosely (`loose`: `birth_date`,
 * `BIRTHDATE`); a header equal loosely to an alias, aliases tried in this order (`alias`).
 */
export const SOURCE_FIELDS: Readonly<Record<SourceName, readonly FieldSpec[]>> = Object.freeze({
  patients: Object.freeze([
    f('id', true, PERSON_ID),
    f('practiceId', true, ['practice_code', 'gp_practice_code', 'registered_practice', 'registered_practice_code', 'gp_practice', 'practice_ods_code', 'practice']),
    f('sex', false, ['gender', 'sex_code', 'gender_code', 'person_stated_gender_code']),
    f('birthDate', false, ['dob', 'date_of_birth'], { orElse: 'birthYear' }),
    f('birthYear', false, ['year_of_birth', 'yob'], { orElse: 'birthDate' }),
    f('deathDate', false, ['date_of_death', 'dod', 'reg_date_of_death']),
    f('registeredFrom', false, ['registration_start_date', 'registration_start', 'registration_date', 'date_registered', 'registered_date']),
    f('registeredTo', false, ['registration_end_date', 'registration_end', 'deregistration_date', 'date_deregistered', 'deregistered_date']),
    f('imdDecile', false, ['lsoa_imd_decile', 'imd_decile', 'imd_2019_decile', 'index_of_multiple_deprivation_decile', 'deprivation_decile', 'imd']),
    f('careHome', false, ['care_home_flag', 'care_home_resident', 'care_home_indicator']),
    f('optedOut', false, ['national_opt_out', 'national_data_opt_out', 'ndoo', 'type_1_opt_out', 'type1_opt_out', 'opt_out_flag', 'opt_out'], { combine: true }),
    f('ethnicity', false, ['ethnic_category', 'ethnic_category_code', 'ethnicity_code', 'ethnic_group', 'ethnicity_group', 'ethnic_origin']),
  ]),
  activity: Object.freeze([
    f('patientId', true, [...PERSON_ID, 'id']),
    f('date', true, ['admidate', 'admission_date', 'arrival_date', 'attendance_date', 'appointment_date', 'apptdate', 'activity_date', 'event_date', 'start_date']),
    f('setting', true, ['pod', 'point_of_delivery', 'pod_code', 'activity_type', 'care_setting']),
    f('emergency', false, ['admimeth', 'admission_method', 'admission_method_code', 'emergency_flag']),
    f('dischargeDate', false, ['disdate', 'discharge_date', 'departure_date', 'end_date']),
    f('bedDays', false, ['spell_los', 'los', 'length_of_stay', 'spell_length_of_stay']),
    f('primaryDiagnosis', false, ['diag_01', 'diag_4_01', 'diag_3_01', 'diag1', 'primary_diagnosis_code', 'der_primary_diagnosis_code', 'diagnosis', 'diagnosis_code']),
    f('cost', false, ['tariff', 'spell_cost', 'total_cost', 'activity_cost']),
  ]),
  conditions: Object.freeze([
    f('patientId', true, [...PERSON_ID, 'id']),
    // cluster names before clinical codes: a cluster is what the features count
    f('code', true, ['cluster', 'cluster_id', 'cluster_code', 'ltc', 'condition', 'snomed_code', 'snomed_concept_id', 'snomedct_code', 'concept_id', 'ctv3_code', 'read_code', 'icd10_code', 'clinical_code']),
    f('date', true, ['event_date', 'diagnosis_date', 'recorded_date', 'date_recorded', 'effective_date', 'start_date']),
    f('resolvedDate', false, ['resolved_date', 'resolution_date', 'date_resolved', 'end_date']),
  ]),
  medications: Object.freeze([
    f('patientId', true, [...PERSON_ID, 'id']),
    f('date', true, ['issue_date', 'date_issued', 'prescription_date', 'event_date', 'start_date']),
    f('endDate', false, ['stop_date', 'course_end_date']),
    f('code', true, ['dmd_code', 'snomed_code', 'concept_id', 'bnf_code', 'drug_code', 'medication', 'drug', 'drug_name']),
  ]),
});

/** Lower case, letters and digits only: `Birth_Date` -> `birthdate`. */
export function looseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * The README's alias table: one row per field, in resolution order, as Markdown. The
 * README holds it between `<!-- alias-table:start -->` and `<!-- alias-table:end -->`.
 */
export function aliasTableMarkdown(): string {
  const lines = ['| source | field | required | also recognised as (in this order) |', '|---|---|---|---|'];
  for (const [source, specs] of Object.entries(SOURCE_FIELDS)) {
    for (const spec of specs) {
      const aliases = spec.aliases.map((a) => `\`${a}\``).join(', ');
      const note = spec.combine ? ' (every one present is read: opted out if ANY says yes)' : '';
      const required = spec.required ? 'yes' : spec.orElse !== undefined ? `this or \`${spec.orElse}\`` : '';
      lines.push(`| ${source} | \`${spec.name}\` | ${required} | ${aliases}${note} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
