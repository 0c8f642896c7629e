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
    -- Each episode whose client or facilitator is missing from this extract and the warehouse (not consulted under --replace);
    -- joins, not EXISTS ... OR EXISTS, so a million rows get hash joins rather than a subplan per row.
    WITH resolved AS (
      SELECT e.line, e.client_id, e.facilitator_id,
             sc.client_id IS NOT NULL OR wc.client_id IS NOT NULL AS has_client,
             ss.staff_id IS NOT NULL OR ws.staff_id IS NOT NULL AS has_facilitator
      FROM stage_episodes e
      LEFT JOIN stage_clients sc ON sc.client_id = e.client_id
      LEFT JOIN clients wc ON NOT $1::boolean AND wc.client_id = e.client_id
      LEFT JOIN stage_staff ss ON ss.staff_id = e.facilitator_id
      LEFT JOIN staff ws ON NOT $1::boolean AND ws.staff_id = e.facilitator_id
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
