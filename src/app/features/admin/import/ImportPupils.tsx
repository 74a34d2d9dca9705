/**
 * Import pupils from the school's MIS (CSV; issue 10): choose the file (read here with a progress bar), see
 * the server's preview (counts, the rows with errors and why, warnings, what will change), then Apply, which
 * is offered only when no row has an error; a progress bar shows while the server applies the file, then the
 * result. The pupils can be downloaded in the same layout (edit in a spreadsheet, import back).
 *
 * Guarantees: nothing is written until Apply; a commit the server refuses (422) says why and writes nothing;
 * choosing another file starts again.
 */
import { useState } from 'react';
import { useSignedIn } from '../../../components/services';
import type { PageProps } from '../../../components/route';
import { ApiError } from '../../../sync/api';
import { PUPIL_EXPORT_PATH, PUPIL_IMPORT_PATH, type PupilImportResult } from '../../../../protocol/adminImport';
import { ImportReport } from './ImportReport';
import './importPupils.css';

type Step =
  | { kind: 'choose' }
  | { kind: 'reading'; loaded: number; total: number }
  | { kind: 'checking' }
  | { kind: 'preview'; result: PupilImportResult }
  | { kind: 'applying'; result: PupilImportResult }
  | { kind: 'done'; result: PupilImportResult };

/** Reads the chosen file as text, reporting how much is read. */
function readFile(file: File, onProgress: (loaded: number, total: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsText(file, 'utf-8');
  });
}

export default function ImportPupils({ params }: PageProps) {
  void params;
  const { api } = useSignedIn();
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [text, setText] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const send = (mode: 'preview' | 'commit', body: string) =>
    api.send<PupilImportResult>('POST', `${PUPIL_IMPORT_PATH}?mode=${mode}`, body, { rawContentType: 'text/csv' });

  async function choose(file: File | undefined) {
    setProblem(null);
    setText(null);
    if (!file) { setStep({ kind: 'choose' }); return; }
    setFileName(file.name);
    setStep({ kind: 'reading', loaded: 0, total: file.size });
    try {
      const body = await readFile(file, (loaded, total) => setStep({ kind: 'reading', loaded, total }));
      setText(body);
      setStep({ kind: 'checking' });
      setStep({ kind: 'preview', result: await send('preview', body) });
    } catch (error) {
      setProblem(describe(error));
      setStep({ kind: 'choose' });
    }
  }

  async function apply(result: PupilImportResult) {
    if (text === null) return;
    setProblem(null);
    setStep({ kind: 'applying', result });
    try {
      setStep({ kind: 'done', result: await send('commit', text) });
    } catch (error) {
      // A 422 means the school changed since the preview and a row no longer fits: nothing was written.
      setProblem(error instanceof ApiError && error.status === 422 ? `${error.message} Choose the file again to see the problems.` : describe(error));
      setStep({ kind: 'preview', result });
    }
  }

  return (
    <main className="office import-pupils">
      <h1>Import pupils</h1>
      <p>
        Export the pupils from your MIS (SIMS, Arbor, Bromcom, ScholarPack) as a CSV file and choose it here. You will
        see what the import would change before anything is saved. <a href={PUPIL_EXPORT_PATH} download>Download the pupils as CSV</a>{' '}
        in the same layout.
      </p>
      <label className="import-file">
        CSV file from the MIS
        <input type="file" accept=".csv,text/csv" onChange={(e) => void choose(e.target.files?.[0])} />
      </label>
      {problem && <p role="alert" className="import-problem">{problem}</p>}
      {step.kind === 'reading' && (
        <p>
          <label>Reading {fileName} <progress max={step.total || 1} value={step.loaded} /></label>
        </p>
      )}
      {step.kind === 'checking' && <p role="status">Checking {fileName}…</p>}
      {(step.kind === 'preview' || step.kind === 'applying') && (
        <>
          <ImportReport result={step.result} heading={`What importing ${fileName} would do`} />
          <div className="import-actions">
            <button type="button" className="primary" disabled={step.kind === 'applying' || step.result.errors.length > 0} onClick={() => void apply(step.result)}>
              Apply
            </button>
            {step.result.errors.length > 0 && <span>Fix the rows with problems in the file and choose it again: nothing can be imported until then.</span>}
            {step.kind === 'applying' && <label>Applying the file <progress /></label>}
          </div>
        </>
      )}
      {step.kind === 'done' && (
        <>
          <p role="status" className="import-done">
            Imported: {step.result.created} added, {step.result.updated} updated, {step.result.left} left, {step.result.unchanged} unchanged
            {step.result.groupsCreated ? `, ${step.result.groupsCreated} ${step.result.groupsCreated === 1 ? 'class' : 'classes'} created` : ''}.
          </p>
          <ImportReport result={step.result} heading="What was imported" />
        </>
      )}
    </main>
  );
}

function describe(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? `The file could not be checked: ${error.message}` : 'The file could not be checked.';
}
