// Removes episodes whose client or facilitator is neither accepted in this
// extract nor stored; returns which reference was missing.
import type { Client } from '../../sql/db.ts';

export interface ReferenceReject {
  line: number;
  column_name: string;
  reference: string;
}

export async function rejectUnknownEpisodeReferences(client: Client, replace: boolean): Promise<ReferenceReject[]> {
  const { rows } = await client.query<ReferenceReject>(
    `
    -- Each episode's client and facilitator, looked up in this extract, then in the warehouse (not under --replace).
    WITH resolved AS (
      SELECT e.line, e.client_id, e.facilitator_id,
             EXISTS (SELECT 1 FROM stage_clients c WHERE c.client_id = e.client_id)
               OR EXISTS (SELECT 1 FROM clients c WHERE c.client_id = e.client_id AND NOT $1::boolean) AS has_client,
             EXISTS (SELECT 1 FROM stage_staff s WHERE s.staff_id = e.facilitator_id)
               OR EXISTS (SELECT 1 FROM staff s WHERE s.staff_id = e.facilitator_id AND NOT $1::boolean) AS has_facilitator
      FROM stage_episodes e
    ),
    -- The client is reported first when both are missing.
    missing AS (
      SELECT line,
             CASE WHEN has_client THEN 'facilitator_id' ELSE 'client_id' END AS column_name,
             CASE WHEN has_client THEN facilitator_id ELSE client_id END AS reference
      FROM resolved WHERE NOT (has_client AND has_facilitator)
    )
    DELETE FROM stage_episodes e USING missing m WHERE e.line = m.line
    RETURNING m.line, m.column_name, m.reference`,
    [replace],
  );
  return rows;
}
