// Data (leaders): import runs with counts per file, rejected rows by reason with examples, the as-of date.
import { getJson } from '../api.ts';
import { h } from '../dom.ts';
import { count, longDate, timestamp } from '../format.ts';
import { dataTable } from '../figure.ts';
import type { PageContext } from '../context.ts';
import type { ImportRun, RejectRow } from '../types.ts';
import { pageHeading, section } from './common.ts';

interface RunsBody { runs: ImportRun[] }
interface RunDetail extends ImportRun { rejectsByReason: { file: string; reason: string; count: number }[] }
interface RejectsBody { runId: number; total: number; page: number; pageSize: number; rejects: RejectRow[] }

function fileCounts(run: ImportRun): string {
  const files = Object.entries(run.files ?? {});
  return files.length ? files.map(([file, c]) => `${file}: ${count(c.loaded)} loaded of ${count(c.read)}${c.rejected ? `, ${count(c.rejected)} rejected` : ''}`).join('; ') : '–';
}

export async function dataPage(ctx: PageContext): Promise<Node[]> {
  const [{ runs }, health] = await Promise.all([getJson<RunsBody>('/api/imports'), ctx.health]);
  const chosenId = ctx.query.get('run');
  const run = runs.find((r) => String(r.id) === chosenId) ?? runs.find((r) => Object.values(r.files ?? {}).some((f) => f.rejected > 0)) ?? runs[0];
  const [detail, rejects] = run
    ? await Promise.all([getJson<RunDetail>(`/api/imports/${run.id}`), getJson<RejectsBody>(`/api/imports/${run.id}/rejects`)])
    : [null, null];
  const answer = health.asOf
    ? `The figures use data as of ${longDate(health.asOf)}, from import #${health.lastImport?.id ?? '–'} finished ${timestamp(health.lastImport?.finishedAt)}.`
    : 'No extract has been imported yet.';

  const runsTable = dataTable({
    columns: [
      { label: 'Run', value: (r: ImportRun) => h('a', { href: `/data?run=${r.id}`, 'data-nav': '' }, `#${r.id}`) },
      { label: 'Status', value: (r) => r.status },
      { label: 'Finished', value: (r) => timestamp(r.finishedAt ?? r.startedAt) },
      { label: 'As of', value: (r) => longDate(r.asOf) },
      { label: 'Source', value: (r) => r.source ?? '–' },
      { label: 'Rows per file', value: fileCounts },
      { label: 'Message', value: (r) => r.message ?? '' },
    ],
    rows: runs,
    highlight: (r) => r.id === run?.id,
    highlightNote: 'rejects shown below',
  }, 'Import runs, newest first');

  const reasons = detail?.rejectsByReason ?? [];
  const examples = rejects?.rejects ?? [];
  return [
    ...pageHeading('Data', answer, 'Where do the figures come from, and what was left out?'),
    section('Import runs', h('div', { class: 'table-wrap' }, runsTable)),
    run ? section(`Rejected rows of import #${run.id}`,
      reasons.length ? h('div', { class: 'table-wrap' }, dataTable({ columns: [{ label: 'Reason', value: (r: RunDetail['rejectsByReason'][number]) => r.reason }, { label: 'File', value: (r) => r.file }, { label: 'Rows', numeric: true, value: (r) => count(r.count) }], rows: reasons }, 'Rejected rows by reason')) : null,
      examples.length
        ? h('div', { class: 'table-wrap' }, dataTable({
            columns: [
              { label: 'File', value: (r: RejectRow) => r.file },
              { label: 'Line', numeric: true, value: (r) => String(r.line) },
              { label: 'Column', value: (r) => r.column ?? r.columnName ?? '' },
              { label: 'Reason', value: (r) => r.reason },
              { label: 'Row as received', value: (r) => h('code', {}, r.rawLine ?? r.raw ?? '') },
            ],
            rows: examples,
          }, `Rejected rows${rejects && rejects.total > examples.length ? ` (first ${examples.length} of ${count(rejects.total)})` : ''}`), h('p', {}, h('a', { href: `/api/imports/${run.id}/rejects?format=csv`, download: '' }, 'Download rejected rows (CSV)')))
        : h('p', {}, 'No rows were rejected in this import.')) : null,
  ].filter((n): n is HTMLElement => n != null);
}
