// Comparing facilitators (metrics.md section 8) and one facilitator's detail page.
export { getFacilitators, type FacilitatorsParams, type FacilitatorsResponse, type FacilitatorRow } from './getFacilitators.ts';
export { facilitatorGroups, type FacilitatorGroup } from './facilitatorGroups.ts';
export { getFacilitatorDetail, type FacilitatorDetail } from './getFacilitatorDetail.ts';
export { compareFacilitators, flagFor, lowerIsBetter, flagMinimumCases, type Flag, type FacilitatorFigures } from './compareFacilitators.ts';
