/**
 * The key a condition-cluster code is known by: lower case, runs of characters other than
 * a-z and 0-9 replaced by `_`, no leading or trailing `_`. Feature names are `ltc_<key>`.
 *
 * @example
 * clusterKey('COPD'); // => 'copd'
 * clusterKey('Heart failure'); // => 'heart_failure'
 */
export function clusterKey(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}
