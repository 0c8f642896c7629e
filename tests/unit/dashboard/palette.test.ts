import { describe, expect, it } from 'vitest';
import { contrastOnWhite, okabeIto, textColour } from '../../../dashboard/src/palette.ts';

describe('palette', () => {
  it('measures contrast as WCAG does: black 21:1, white 1:1, the palette blue 5.19:1', () => {
    expect(contrastOnWhite('#000000')).toBeCloseTo(21, 10);
    expect(contrastOnWhite('#ffffff')).toBeCloseTo(1, 10);
    expect(contrastOnWhite('#0072B2')).toBeCloseTo(5.19, 2);
  });

  it('gives every series a text colour of at least 4.5:1 on white, keeping the ones that already are', () => {
    okabeIto.forEach((c, i) => {
      expect(contrastOnWhite(textColour(i)), c).toBeGreaterThanOrEqual(4.5);
      if (contrastOnWhite(c) >= 4.5) expect(textColour(i)).toBe(c);
    });
    // The orange (3.87:1) is darkened in its own hue.
    expect(textColour(1)).toBe('#c35600');
  });
});
