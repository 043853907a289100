// Internal: the canonical fields of each source, which are required, and the header names
// each field is recognised by when no `columns` mapping is given.
import type { SourceName } from '../schema/validation-issue.js';

export interface FieldSpec {
  readonly name: string;
  readonly required: boolean;
  /** Loose names (lower case, letters and digits only) also recognised in a header. */
  readonly aliases: readonly string[];
}

const f = (name: string, required: boolean, ...aliases: string[]): FieldSpec => ({ name, required, aliases: [name.toLowerCase(), ...aliases] });

export const SOURCE_FIELDS: Readonly<Record<SourceName, readonly FieldSpec[]>> = {
  patients: [
    f('id', true, 'patientid', 'personid'),
    f('practiceId', true, 'practice', 'practicecode'),
    f('sex', false, 'gender'),
    f('birthDate', false, 'dateofbirth', 'dob'),
    f('birthYear', false, 'yearofbirth', 'yob'),
    f('deathDate', false, 'dateofdeath', 'dod'),
    f('registeredFrom', false, 'registrationdate', 'registrationstart'),
    f('registeredTo', false, 'deregistrationdate', 'registrationend'),
    f('imdDecile', false, 'imd'),
    f('careHome', false, 'carehomeresident'),
    f('optedOut', false, 'optout'),
    f('ethnicity', false, 'ethnicgroup', 'ethnicitygroup'),
  ],
  activity: [
    f('patientId', true, 'id', 'personid'),
    f('date', true, 'admissiondate', 'attendancedate', 'startdate', 'admidate'),
    f('setting', true, 'pod', 'pointofdelivery'),
    f('emergency', false, 'admissionmethod', 'admimeth'),
    f('dischargeDate', false, 'enddate', 'disdate'),
    f('bedDays', false, 'los', 'lengthofstay'),
    f('primaryDiagnosis', false, 'diagnosis', 'diag01', 'diag1', 'diag4_01'),
    f('cost', false, 'tariff'),
  ],
  conditions: [
    f('patientId', true, 'id', 'personid'),
    f('code', true, 'condition', 'cluster'),
    f('date', true, 'recordeddate', 'diagnosisdate', 'startdate'),
    f('resolvedDate', false, 'enddate'),
  ],
  medications: [
    f('patientId', true, 'id', 'personid'),
    f('date', true, 'issuedate', 'startdate'),
    f('endDate', false, 'stopdate'),
    f('code', true, 'drugcode', 'medication'),
  ],
};

/** Lower case, letters and digits only: `Birth_Date` -> `birthdate`. */
export function looseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}
