// Comparing facilitators (metrics.md section 8) and one facilitator's detail page.
export { getFacilitators, type FacilitatorsParams, type FacilitatorsResponse } from './getFacilitators.ts';
export { getFacilitatorDetail, type FacilitatorDetail } from './getFacilitatorDetail.ts';
export { compareFacilitators, flagFor, lowerIsBetter, flagMinimumCases, type Flag, type FacilitatorFigures } from './compareFacilitators.ts';
