/**
 * Exit codes of the `risk-stratify` command, one meaning each:
 *
 * - 0: done, every headline figure supported by the data;
 * - 1: an error (one line on stderr naming the file, row and field where there is one);
 * - 2: a usage mistake (unknown flag, missing argument);
 * - 3: `validate` found rejected rows (the rest loaded);
 * - 4: {@link EXIT_UNSUPPORTED}: the command ran and wrote its outputs, but its headline
 *   figure is not supported by the data (shown as `n/a (why)` with the warnings).
 */

/**
 * Exit code 4, "result not supported by the data": the command ran, wrote what it could
 * and printed the warnings, but its headline is degenerate: `evaluate` without an AUROC or
 * its interval (no events, no non-events, a single event); `fit` whose model has fewer than
 * 10 events per parameter or did not converge; `cohort` where every group of a variant is too
 * small for its percentage or nobody is selected; `compare` where a variant's PPV or
 * sensitivity is null; `monitor` where a series has no centre line. A script can stop on it.
 *
 * @example
 * EXIT_UNSUPPORTED; // => 4
 */
export const EXIT_UNSUPPORTED = 4;
