// Which pages each role is offered (the server enforces the same rules on every endpoint).
import type { Role } from './types.ts';

export interface NavPage { path: string; title: string; roles: readonly Role[] }

const everyone = ['leader', 'supervisor', 'funder'] as const;

export const navPages: readonly NavPage[] = [
  { path: '/', title: 'Overview', roles: everyone },
  { path: '/facilitators', title: 'Facilitators', roles: everyone },
  { path: '/equity', title: 'Equity', roles: everyone },
  { path: '/time-in-services', title: 'Time in services', roles: everyone },
  { path: '/workforce', title: 'Workforce', roles: everyone },
  { path: '/data', title: 'Data', roles: ['leader'] },
];

/** Facilitator detail: leaders, and supervisors for their own team (the server checks the team). */
export const detailRoles: readonly Role[] = ['leader', 'supervisor'];

export const roleNames: Record<Role, string> = { leader: 'Agency leader', supervisor: 'Supervisor', funder: 'Funder' };

export function mayOpen(role: Role, path: string): boolean {
  if (/^\/facilitators\/[^/]+$/.test(path)) return detailRoles.includes(role);
  const page = navPages.find((p) => p.path === path);
  return page ? page.roles.includes(role) : true;
}
