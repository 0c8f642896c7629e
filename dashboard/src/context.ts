// What every page receives: who is signed in, the view's query, the data's filters, and a way to move on.
import type { Filters, Health, Me } from './types.ts';

export interface PageContext {
  me: Me;
  query: URLSearchParams;
  /** Path parameters, e.g. { staffId } on a facilitator's page. */
  params: Record<string, string>;
  /** The programs, counties and period bounds (asked for in parallel with the page's own figures). */
  filters: Promise<Filters>;
  health: Promise<Health>;
  /** Work that fills part of the page after it is shown; the page counts as ready when it is done. */
  defer: (work: Promise<unknown>) => void;
  /** Goes to another view (pushes history); `replace` keeps the back button clean for filter edits; `keepFocus` (filter edits) keeps the view until the next is drawn, then focuses the control with the same id. */
  navigate: (url: string, options?: { replace?: boolean; keepFocus?: boolean }) => void;
}

export type Page = (ctx: PageContext) => Promise<Node[]>;
