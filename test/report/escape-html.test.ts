import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { escapeHtml } from '../../src/report/escape-html.js';

describe('escapeHtml', () => {
  it('escapes & < > " and \' so text cannot open a tag or leave an attribute', () => {
    expect(escapeHtml('<img src=x onerror="alert(1)"> & \'q\'')).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;q&#39;');
  });
  it('converts non-strings with String()', () => {
    expect(escapeHtml(12)).toBe('12');
    expect(escapeHtml(null)).toBe('null');
  });
  test.prop([fc.string()])('the result never contains < > " \' and unescapes back to the input', (s) => {
    const e = escapeHtml(s);
    expect(/[<>"']/.test(e)).toBe(false);
    const back = e.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    expect(back).toBe(s);
  });
});
