import { describe, expect, it } from 'vitest';
import { invalidDateMessage } from '../../src/schema/invalid-date-message.js';

describe('invalidDateMessage', () => {
  it.each([
    ['44927', 'looks like a spreadsheet serial number (44927 would be 2023-01-01 in the 1900 date system)'],
    ['45382.5', 'looks like a spreadsheet serial number (45382.5 would be 2024-03-31 in the 1900 date system)'],
    ['01/02/50', 'has a two-digit year ("50" could be 1950 or 2050)'],
    ['1.2.50', 'has a two-digit year'],
    ['01/02/50 00:00', 'has a two-digit year'],
    ['1950', 'is a year alone ("1950")'],
    ['02/13/2020', 'month 13 does not exist (mm/dd/yyyy, the US order, is not read)'],
    ['31/02/2020', 'is not a real calendar date'],
    ['2020-02-30 10:00', 'is not a real calendar date'],
    ['2020-02-01 25:00', 'has a time that is not read ("25:00")'],
    ['01/02/2020 9am', 'has a time that is not read ("9am")'],
    ['yesterday', 'is not a date (dd/mm/yyyy or yyyy-mm-dd, optionally with a time hh:mm[:ss])'],
  ])('invalidDateMessage(%j) says what was seen: %s', (value, says) => {
    expect(invalidDateMessage(value)).toContain(says);
  });
});
