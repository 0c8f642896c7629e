// Okabe-Ito: one categorical palette that colour-blind readers can tell apart; paired with dashes and symbols for greyscale.
export const okabeIto = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'] as const;

/** Dash patterns paired with the palette, so lines stay distinct when printed in grey. */
export const dashes = ['none', '6,3', '2,2', '8,3,2,3', '1,3', '10,4', '4,4', '12,2,2,2,2,2'] as const;

export const colour = (i: number): string => okabeIto[i % okabeIto.length];
/** The dash moves on by one at each turn of the palette, so a ninth series never repeats the first one's style. */
export const dash = (i: number): string => dashes[(i + Math.floor(i / okabeIto.length)) % dashes.length];
/** A series' colour for text on white: the palette's yellow (1.3:1 on white) is read in a dark gold instead. */
export const textColour = (i: number): string => (colour(i) === '#F0E442' ? '#7A6A00' : colour(i));

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
