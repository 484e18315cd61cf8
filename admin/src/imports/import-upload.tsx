import { useMemo, useRef, useState, type DragEvent } from 'react';
import {
  Alert, Box, Button, Card, CardContent, FormControl, Grid, InputLabel, MenuItem, Select, Stack, TextField, Typography,
} from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Link, Title, useNotify } from 'react-admin';
import { graphqlRequest } from '../dataProvider';
import { useGraphQLQuery } from '../dataProvider/use-graphql';
import { JOB_FIELDS, JobProgressLine, type JobProgressRecord } from '../common/job-progress-line';
import { IMPORT_KINDS, guessColumn, parseUnknownLayout } from './import-fields';
import { ImportReport, type ImportReportData } from './import-report';
import { MappingEditor } from './mapping-editor';

const START_IMPORT = `mutation StartImport($input: StartImportInput!) { startImport(input: $input) { id status } }`;
const IMPORT_RUN = `query ImportRun($id: ID!) { Import(id: $id) { id status error fileName report issuesCsvUrl job { ${JOB_FIELDS} } } }`;
const TERMINAL = ['succeeded', 'failed', 'cancelled'];

interface ImportRunState { id: string; status: string; error: string | null; fileName: string; report: ImportReportData; issuesCsvUrl: string; job: JobProgressRecord | null }

/** POST /api/uploads: the raw file as the body, its name in a header (which also guards against CSRF). */
async function uploadFile(file: File): Promise<string> {
  const response = await fetch('/api/uploads', { method: 'POST', credentials: 'include', headers: { 'x-file-name': file.name }, body: file });
  const body = (await response.json().catch(() => null)) as { uploadId?: string; error?: { message?: string } } | null;
  if (!response.ok || !body?.uploadId) throw new Error(body?.error?.message ?? `Upload failed (HTTP ${response.status})`);
  return body.uploadId;
}

function DropZone({ file, onFile }: { file: File | null; onFile: (file: File) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const dropped = event.dataTransfer.files?.[0];
    if (dropped) onFile(dropped);
  };
  return (
    <Box
      data-testid="drop-zone"
      onDragOver={(event) => { event.preventDefault(); setOver(true); }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      sx={{ border: 2, borderStyle: 'dashed', borderColor: over ? 'primary.main' : 'divider', borderRadius: 2, p: 4, textAlign: 'center', bgcolor: over ? 'action.hover' : 'transparent' }}
    >
      <UploadFileIcon color="primary" sx={{ fontSize: 48 }} />
      <Typography>{file ? `${file.name} (${(file.size / 1024).toLocaleString(undefined, { maximumFractionDigits: 1 })} KB)` : 'Drop a CSV, CSV.gz or XLSX file here'}</Typography>
      <Button sx={{ mt: 1 }} onClick={() => input.current?.click()}>Choose a file</Button>
      <input ref={input} type="file" hidden data-testid="file-input" accept=".csv,.gz,.xlsx,.txt,.tsv"
        onChange={(event) => { const chosen = event.target.files?.[0]; if (chosen) onFile(chosen); }} />
    </Box>
  );
}

/** Upload → startImport → progress → report; asks for a column mapping when the layout is unknown. */
export function ImportUpload() {
  const notify = useNotify();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<string>('orders');
  const [timezone, setTimezone] = useState('Europe/London');
  const [dateFormat, setDateFormat] = useState('');
  const [delimiter, setDelimiter] = useState('');
  const [uploadId, setUploadId] = useState<string | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const { data } = useGraphQLQuery<{ Import: ImportRunState }>(IMPORT_RUN, { id: runId }, {
    enabled: runId !== null,
    refetchInterval: (result) => (result && TERMINAL.includes(result.Import.status) ? false : 700),
  });
  const run = runId && data?.Import.id === runId ? data.Import : null;
  const unknownLayout = useMemo(() => (run?.status === 'failed' ? parseUnknownLayout(run.error) : null), [run?.status, run?.error]);
  const shownLayout = unknownLayout ?? null;

  const start = async (withMapping?: Record<string, string>) => {
    if (!file) return;
    setBusy(true);
    try {
      const id = uploadId ?? await uploadFile(file);
      setUploadId(id);
      const cleanMapping = withMapping ? Object.fromEntries(Object.entries(withMapping).filter(([, column]) => column)) : undefined;
      const result = await graphqlRequest<{ startImport: { id: string } }>(START_IMPORT, {
        input: { uploadId: id, fileName: file.name, kind, timezone: timezone || undefined, dateFormat: dateFormat.trim() || undefined, delimiter: delimiter || undefined, mapping: cleanMapping },
      });
      setRunId(result.startImport.id);
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const chooseFile = (chosen: File) => { setFile(chosen); setUploadId(null); setRunId(null); setMapping({}); };
  const prefillMapping = () => {
    if (!shownLayout) return;
    const guessed: Record<string, string> = {};
    for (const field of shownLayout.required) guessed[field] = mapping[field] ?? guessColumn(field, shownLayout.columns);
    setMapping({ ...guessed, ...Object.fromEntries(Object.entries(mapping).filter(([, c]) => c)) });
  };

  return (
    <Stack spacing={2} sx={{ mt: 2, mb: 4 }}>
      <Title title="New import" />
      <Card variant="outlined">
        <CardContent>
          <Stack spacing={2}>
            <DropZone file={file} onFile={chooseFile} />
            <Grid container spacing={2}>
              <Grid size={{ xs: 12, sm: 4 }}>
                <FormControl fullWidth size="small">
                  <InputLabel id="import-kind">Kind</InputLabel>
                  <Select labelId="import-kind" label="Kind" value={kind} onChange={(event) => { setKind(String(event.target.value)); setRunId(null); setMapping({}); }}>
                    {IMPORT_KINDS.map((k) => <MenuItem key={k} value={k}>{k}</MenuItem>)}
                  </Select>
                </FormControl>
              </Grid>
              <Grid size={{ xs: 12, sm: 4 }}>
                <TextField fullWidth size="small" label="Time zone" value={timezone} onChange={(event) => setTimezone(event.target.value)} helperText="IANA name of the file's local times" />
              </Grid>
              <Grid size={{ xs: 12, sm: 4 }}>
                <TextField fullWidth size="small" label="Date format" value={dateFormat} onChange={(event) => setDateFormat(event.target.value)} helperText="e.g. DD.MM.YYYY or MM/DD/YYYY HH:mm; empty: ISO or M/D/YYYY" />
              </Grid>
              <Grid size={{ xs: 12, sm: 4 }}>
                <TextField fullWidth size="small" label="Delimiter" value={delimiter} onChange={(event) => setDelimiter(event.target.value.slice(0, 1))} helperText="Leave empty to detect" />
              </Grid>
            </Grid>
            <div>
              <Button variant="contained" disabled={!file || busy || (run !== null && !TERMINAL.includes(run.status))} onClick={() => start()}>Upload and import</Button>
            </div>
          </Stack>
        </CardContent>
      </Card>

      {run && !TERMINAL.includes(run.status) && (
        <Card variant="outlined"><CardContent>
          <Typography variant="subtitle1" gutterBottom>Importing {run.fileName}…</Typography>
          {run.job ? <JobProgressLine job={run.job} /> : <JobProgressLine job={{ status: 'queued', progressDone: 0, progressTotal: null, progress: { fraction: null, rate: null, etaSeconds: null } }} />}
        </CardContent></Card>
      )}

      {run?.status === 'failed' && shownLayout && (
        <Card variant="outlined"><CardContent>
          <MappingEditor kind={kind} layout={shownLayout} mapping={mapping} onChange={setMapping} onSubmit={() => start(mapping)} busy={busy} />
          {Object.keys(mapping).length === 0 && <Button size="small" sx={{ mt: 1 }} onClick={prefillMapping}>Guess from the column names</Button>}
        </CardContent></Card>
      )}
      {run && run.status !== 'succeeded' && TERMINAL.includes(run.status) && !shownLayout && <Alert severity="error">Import {run.status}: {run.error}</Alert>}

      {run?.status === 'succeeded' && (
        <Stack spacing={1}>
          <Alert severity="success">Imported {run.fileName}. <Link to={`/imports/${run.id}/show`}>Open import #{run.id}</Link></Alert>
          <ImportReport report={run.report} issuesCsvUrl={run.issuesCsvUrl} />
        </Stack>
      )}
    </Stack>
  );
}
