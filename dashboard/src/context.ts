// What every page receives: who is signed in, the view's query, the data's filters, and a way to move on.
import type { Filters, Health, Me } from './types.ts';

export interface PageContext {
  me: Me;
  query: URLSearchParams;
  /** Path parameters, e.g. { staffId } on a facilitator's page. */
  params: Record<string, string>;
  filters: Filters;
  health: Health;
  /** Goes to another view (pushes history); `replace` keeps the back button clean for filter edits. */
  navigate: (url: string, options?: { replace?: boolean }) => void;
}

export type Page = (ctx: PageContext) => Promise<Node[]>;
