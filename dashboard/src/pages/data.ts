// Data (leaders): upload of a new extract, import runs with counts per file, rejected rows by reason with examples, the as-of date.
import { ApiError, forgetCache, getFresh, getJson, uploadExtract } from '../api.ts';
import { h, replace } from '../dom.ts';
import { count, longDate, timestamp } from '../format.ts';
import { dataTable } from '../figure.ts';
import type { PageContext } from '../context.ts';
import type { Health, ImportRun, RejectRow } from '../types.ts';
import { pageHeading, section } from './common.ts';

interface RunsBody { runs: ImportRun[] }
interface RunDetail extends ImportRun { rejectsByReason: { file: string; reason: string; count: number }[] }
interface RejectsBody { runId: number; total: number; page: number; pageSize: number; rejects: RejectRow[] }

function fileCounts(run: ImportRun): string {
  const files = Object.entries(run.files ?? {});
  return files.length ? files.map(([file, c]) => `${file}: ${count(c.loaded)} loaded of ${count(c.read)}${c.rejected ? `, ${count(c.rejected)} rejected` : ''}`).join('; ') : '–';
}

/** The sentence that answers "which data do the figures use?". */
function asOfAnswer(health: Health): string {
  return health.asOf
    ? `The figures use data as of ${longDate(health.asOf)}, from import #${health.lastImport?.id ?? '–'} finished ${timestamp(health.lastImport?.finishedAt)}.`
    : 'No extract has been imported yet.';
}

/** The runs table and the rejected rows of the chosen run (or of the latest run with rejects, or the latest run). */
async function runSections(chosenId: string | null): Promise<HTMLElement[]> {
  const { runs } = await getJson<RunsBody>('/api/imports');
  const run = runs.find((r) => String(r.id) === chosenId) ?? runs.find((r) => Object.values(r.files ?? {}).some((f) => f.rejected > 0)) ?? runs[0];
  const [detail, rejects] = run
    ? await Promise.all([getJson<RunDetail>(`/api/imports/${run.id}`), getJson<RejectsBody>(`/api/imports/${run.id}/rejects`)])
    : [null, null];

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

interface RunProgress { stage: string; file?: string; rows?: number }

/** The importer's stage in words, while a run is going. */
function progressWords(progress: RunProgress | null | undefined): string {
  if (!progress) return 'Importing…';
  const rows = progress.rows ? ` (${count(progress.rows)} rows so far)` : '';
  switch (progress.stage) {
    case 'reading': return `Importing: reading ${progress.file ?? 'the files'}${rows}…`;
    case 'checking': return `Importing: checking the rows${rows}…`;
    case 'writing': return 'Importing: writing to the warehouse…';
    case 'marts': return 'Importing: updating the figures…';
    case 'waiting': return 'Importing: waiting for the database…';
    default: return 'Importing…';
  }
}

/** How a finished run ended, in plain words. */
function outcomeWords(run: ImportRun): string {
  const files = Object.values(run.files ?? {});
  const loaded = files.reduce((sum, f) => sum + f.loaded, 0);
  const rejected = files.reduce((sum, f) => sum + f.rejected, 0);
  if (run.status === 'committed') return `Imported: ${count(loaded)} rows loaded, ${count(rejected)} rejected.`;
  if (run.status === 'aborted') return `Not imported: ${run.message ?? 'the import was stopped.'}`;
  return `The import failed: ${run.message ?? 'see the server log.'}`;
}

/** A source label the API accepts (letters, digits, spaces and . _ -), from the file's name. */
function sourceName(file: File): string | undefined {
  const name = file.name.replace(/\.zip$/i, '').trim().slice(0, 80);
  return /^[A-Za-z0-9 ._-]{1,80}$/.test(name) ? name : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The upload form; `done` is called with the finished run's id so the page can show it. */
function uploadForm(done: (runId: number) => Promise<void>): HTMLElement {
  const input = h('input', { type: 'file', id: 'extract-file', name: 'extract', accept: '.zip,application/zip', 'aria-describedby': 'extract-file-hint', required: true });
  const replaceBox = h('input', { type: 'checkbox', id: 'extract-replace', name: 'replace', 'aria-describedby': 'extract-replace-hint' });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Upload');
  const status = h('p', { class: 'upload-status', role: 'status', 'aria-live': 'polite', 'data-upload-status': '' });
  let busy = false;

  const form = h('form', { class: 'upload-form', 'aria-labelledby': 'upload-title', novalidate: true },
    h('div', { class: 'field' },
      h('label', { for: 'extract-file' }, 'Extract (.zip file)'),
      input,
      h('p', { class: 'hint', id: 'extract-file-hint' }, 'A zip holding staff.csv, clients.csv and episodes.csv (assignments.csv, extract.json and mapping.json are optional).')),
    h('div', { class: 'check' },
      replaceBox,
      h('label', { for: 'extract-replace' }, 'Replace everything')),
    h('p', { class: 'hint', id: 'extract-replace-hint' }, 'Checked: the case data of earlier imports is removed and only this extract is kept. Unchecked: the extract updates and adds to what is there.'),
    h('p', {}, button),
    status);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (busy) return;
    const file = input.files?.[0];
    if (!file) {
      status.textContent = 'Choose a .zip file first.';
      input.focus();
      return;
    }
    if (!/\.zip$/i.test(file.name) && !/zip/.test(file.type)) {
      status.textContent = `${file.name} is not a .zip file; choose the zipped extract.`;
      input.focus();
      return;
    }
    busy = true;
    button.setAttribute('aria-disabled', 'true');
    form.setAttribute('aria-busy', 'true');
    status.textContent = `Uploading ${file.name}…`;
    void (async () => {
      try {
        const started = await uploadExtract(file, { replace: replaceBox.checked, name: sourceName(file) });
        let run = await getFresh<ImportRun & { progress?: RunProgress | null }>(`/api/imports/${started.runId}`);
        while (run.status === 'running') {
          status.textContent = progressWords(run.progress);
          await sleep(1000);
          run = await getFresh<ImportRun & { progress?: RunProgress | null }>(`/api/imports/${started.runId}`);
        }
        forgetCache();
        form.reset();
        try {
          await done(run.id);
          status.textContent = outcomeWords(run);
        } catch {
          status.textContent = `${outcomeWords(run)} The list of runs could not be read again; reload the page to see it.`;
        }
      } catch (error) {
        status.textContent = error instanceof ApiError || error instanceof Error ? `Not uploaded: ${error.message}` : 'Not uploaded: something went wrong.';
      } finally {
        busy = false;
        button.removeAttribute('aria-disabled');
        form.removeAttribute('aria-busy');
      }
    })();
  });
  return form;
}

export async function dataPage(ctx: PageContext): Promise<Node[]> {
  const [sections, health] = await Promise.all([runSections(ctx.query.get('run')), ctx.health]);
  const heading = pageHeading('Data', asOfAnswer(health), 'Where do the figures come from, and what was left out?');
  const answer = heading.find((n) => n.hasAttribute('data-answer'));
  const runsArea = h('div', { class: 'runs-area' }, sections);

  // After an upload: read everything afresh and show the new run (the URL follows, so a reload shows the same).
  const showRun = async (runId: number): Promise<void> => {
    const [fresh, freshHealth] = await Promise.all([runSections(String(runId)), getJson<Health>('/api/health')]);
    if (answer) answer.textContent = asOfAnswer(freshHealth);
    replace(runsArea, fresh);
    history.replaceState(null, '', `/data?run=${runId}`);
  };

  return [
    ...heading,
    h('section', { class: 'page-section upload' }, h('h2', { id: 'upload-title' }, 'Upload a new extract'), uploadForm(showRun)),
    runsArea,
  ];
}
