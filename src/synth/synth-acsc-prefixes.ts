/**
 * ICD-10 prefixes (upper case, no dot) the synthetic generator treats as ambulatory care
 * sensitive conditions (ACSC) when it assigns primary diagnoses to emergency admissions,
 * and which {@link summarisePopulation} uses to report the ACSC share.
 *
 * A code is ACSC when it starts with one of these prefixes. Chronic ACSCs follow the NHS
 * Outcomes Framework indicator 2.3i (unplanned hospitalisation for chronic ambulatory care
 * sensitive conditions: asthma J45-J46, COPD J41-J44 and J47, heart failure I50 and I110,
 * angina I20 and I24, diabetes complications E10-E14, epilepsy G40-G41, hypertension I10,
 * atrial fibrillation I48, dementia F00-F03, iron-deficiency anaemia D501-D509); acute ones
 * follow indicator 3a and Bardsley et al. 2013 (UTI and pyelonephritis N10-N12, N136, N390;
 * cellulitis L03-L04, L080, L088, L089, L980; influenza and pneumonia J10-J18; dehydration
 * and gastroenteritis E86, A020, A04, A059, A072, A08, A09; ENT infections J02, J03, J06,
 * J312, H66-H67; dental K02-K06, K08, K09.8, K09.9, K12-K13). It is the list the generator
 * draws from, not a replacement for a site's chosen ACSC code list.
 *
 * @example
 * SYNTH_ACSC_PREFIXES.some((p) => 'J441'.startsWith(p)); // => true
 */
export const SYNTH_ACSC_PREFIXES: readonly string[] = Object.freeze([
  'J45', 'J46', 'J41', 'J42', 'J43', 'J44', 'J47', 'I50', 'I110', 'I20', 'I24', 'E10', 'E11', 'E12', 'E13', 'E14',
  'G40', 'G41', 'I10', 'I48', 'F00', 'F01', 'F02', 'F03', 'D501', 'D508', 'D509',
  'N10', 'N11', 'N12', 'N136', 'N390', 'L03', 'L04', 'L080', 'L088', 'L089', 'L980',
  'J10', 'J11', 'J12', 'J13', 'J14', 'J15', 'J16', 'J17', 'J18', 'E86', 'A020', 'A04', 'A059', 'A072', 'A08', 'A09',
  'J02', 'J03', 'J06', 'J312', 'H66', 'H67', 'K02', 'K03', 'K04', 'K05', 'K06', 'K08', 'K098', 'K099', 'K12', 'K13',
]);
