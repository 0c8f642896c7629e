// Okabe-Ito: one categorical palette that colour-blind readers can tell apart; paired with dashes and symbols for greyscale.
export const okabeIto = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'] as const;

/** Dash patterns paired with the palette, so lines stay distinct when printed in grey. */
export const dashes = ['none', '6,3', '2,2', '8,3,2,3', '1,3', '10,4', '4,4', '12,2,2,2,2,2'] as const;

export const colour = (i: number): string => okabeIto[i % okabeIto.length];
export const dash = (i: number): string => dashes[i % dashes.length];

/** The agency line and neutral marks. */
export const neutral = '#555555';
export const light = '#bbbbbb';
