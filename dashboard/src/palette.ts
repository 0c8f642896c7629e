// Okabe-Ito: one categorical palette that colour-blind readers can tell apart; paired with dashes and symbols for greyscale.
export const okabeIto = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'] as const;

/** Dash patterns paired with the palette, so lines stay distinct when printed in grey. */
export const dashes = ['none', '6,3', '2,2', '8,3,2,3', '1,3', '10,4', '4,4', '12,2,2,2,2,2'] as const;

export const colour = (i: number): string => okabeIto[i % okabeIto.length];
/** The dash moves on by one at each turn of the palette, so a ninth series never repeats the first one's style. */
export const dash = (i: number): string => dashes[(i + Math.floor(i / okabeIto.length)) % dashes.length];
/** WCAG contrast ratio of a #rrggbb colour against white. */
export function contrastOnWhite(hex: string): number {
  const channel = (k: number) => {
    const c = parseInt(hex.slice(1 + 2 * k, 3 + 2 * k), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return 1.05 / (luminance + 0.05);
}

/** The colour darkened (every channel scaled down alike, so the hue stays) until text in it reads at 4.5:1 on white. */
function darkenForText(hex: string): string {
  let [r, g, b] = [0, 1, 2].map((k) => parseInt(hex.slice(1 + 2 * k, 3 + 2 * k), 16));
  let out = hex;
  while (contrastOnWhite(out) < 4.5) {
    [r, g, b] = [r, g, b].map((c) => Math.floor(c * 0.92));
    out = `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  }
  return out;
}

/** A series' colour for text on white (curve labels): the palette's own shade, darkened where it reads below 4.5:1. */
export const textColour = (i: number): string => darkenForText(colour(i));

/** The agency line and neutral marks. */
export const neutral = '#555555';
export const light = '#bbbbbb';

/**
 * Sequential colours for a rate (the heat map): one hue from light to dark blue (ColorBrewer Blues' ends), which
 * colour-blind readers see as a steady ramp and greyscale keeps in order; the lightest is still a tint, never white.
 */
export const sequential = ['#deebf7', '#08306b'] as const;

/** Text on a sequential cell: dark on the light half, white on the dark half. */
export const onLight = '#1a1a1a';
export const onDark = '#ffffff';

/** Cells with too few cases: grey hatching instead of a colour. */
export const hatchStroke = '#8a8a8a';
export const hatchBackground = '#f2f2f2';
