// How workforce figures are split: by the staff member's supervisor (team) or
// by certification. Only these fixed expressions reach the SQL text.
import { MetricInputError } from '../errors.ts';

export const workforceGroupings = ['none', 'supervisor', 'certified'] as const;
export type WorkforceBy = (typeof workforceGroupings)[number];

export const staffRoles = ['facilitator', 'supervisor', 'other'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** Group key over staff alias s; `$2` is the period's end (certified by then = certified). */
export function groupKeySql(by: WorkforceBy): string {
  switch (by) {
    case 'none':
      return 'NULL::text';
    case 'supervisor':
      return "coalesce(s.supervisor_id, 'unknown')";
    case 'certified':
      return "CASE WHEN s.certified_date <= $2::date THEN 'yes' ELSE 'no' END";
    default:
      throw new MetricInputError(`Workforce figures cannot be grouped by "${by as string}".`, [
        { path: 'by', message: 'must be none, supervisor or certified' },
      ]);
  }
}

/** Supervisor teams read as the supervisor's name; certification as yes/no words. */
export function groupLabel(by: WorkforceBy, key: string, supervisorNames: Map<string, string>): string {
  if (by === 'certified') return key === 'yes' ? 'Certified' : 'Not certified';
  if (key === 'unknown') return 'No supervisor';
  return supervisorNames.get(key) ?? key;
}
