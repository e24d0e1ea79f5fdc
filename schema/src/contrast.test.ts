import { describe, expect, it } from 'vitest';
import { contrastRatio, readableOnWhite, readableWithWhite } from './contrast.js';

describe('theme colour contrast (WCAG 2.1 AA)', () => {
  it('measures the ratio as WCAG defines it', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    // KERN's dark blue and the Hansestadt's red pass; a light yellow does not.
    expect(readableWithWhite('#004b76')).toBe(true);
    expect(readableWithWhite('#b5121b')).toBe(true);
    expect(readableWithWhite('#ffd700')).toBe(false);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('keeps a readable colour and darkens one that fails until it reaches 4.5:1', () => {
    expect(readableOnWhite('#004B76')).toBe('#004b76');
    for (const light of ['#ffd700', '#7fdbff', '#ffffff', '#777777']) {
      const adjusted = readableOnWhite(light);
      expect(contrastRatio(adjusted, '#ffffff'), light).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(adjusted, '#ffffff'), light).toBeLessThan(5.5);
    }
  });
});
