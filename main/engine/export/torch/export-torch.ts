// The PyTorch export target (`tessera export FILE --target pytorch -o DIR`): a project document
// in, a Python package out (model.py, train.py, tessera_torch/, README.md). Never throws for a bad
// document and never returns a partial package: any node without a PyTorch form makes the whole
// export fail with diagnostics naming the nodes.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { diagnostic, hasErrors, type Diagnostic } from '../../../../core/diagnostics/diagnostic';
import { compileDocument } from '../../../../core/graph/compile';
import { nodeRegistry } from '../../../../nodes/registry';
import { createShapeEnv } from '../../data/data-provider';
import { emitModel } from './emit-model';
import { exportScope } from './export-blockers';
import { emitTrain } from './emit-train';
import { packageReadme } from './package-readme';

export interface TorchExportResult {
  /** Path relative to the output folder -> content; empty when the export failed. */
  files: Record<string, string>;
  diagnostics: Diagnostic[];
}

const runtimeDir = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'runtime',
  'tessera_torch',
);

/** The support library shipped verbatim beside the generated files. */
export const torchRuntimeFiles = (): Record<string, string> =>
  Object.fromEntries(
    readdirSync(runtimeDir)
      .filter((f) => f.endsWith('.py'))
      .sort()
      .map((f) => [`tessera_torch/${f}`, readFileSync(path.join(runtimeDir, f), 'utf8')]),
  );

const failed = (diagnostics: Diagnostic[]): TorchExportResult => ({ files: {}, diagnostics });

export const exportTorchProject = (document: unknown): TorchExportResult => {
  try {
    const compiled = compileDocument(document, nodeRegistry, createShapeEnv());
    const notes = compiled.diagnostics.filter((d) => d.severity !== 'info');
    if (!compiled.program || !compiled.document || hasErrors(compiled.diagnostics))
      return failed(
        notes.length > 0
          ? notes
          : [
              diagnostic(
                'error',
                'export-pytorch',
                'The project could not be compiled; fix the problems first.',
              ),
            ],
      );
    const scope = exportScope(compiled.program);
    if (scope.blockers.length > 0) return failed([...notes, ...scope.blockers]);
    const leftOut = scope.leftOut.map((l) =>
      diagnostic(
        'info',
        'export-pytorch',
        `Left out of the PyTorch export (runs in the app only): ${l.text}.`,
        { nodeId: l.nodeId },
      ),
    );
    const name = compiled.document.name || 'Tessera project';
    const model = emitModel(compiled.program, name);
    if (hasErrors(model.diagnostics)) return failed([...notes, ...model.diagnostics]);
    if (model.objectives.length === 0)
      return failed([
        ...notes,
        diagnostic(
          'error',
          'export-pytorch',
          'The project has no objective to train; add a stage with an objective before exporting to PyTorch.',
        ),
      ]);
    return {
      files: {
        'model.py': model.source,
        'train.py': emitTrain(compiled.program, model, name),
        'README.md': packageReadme(name, compiled.program, scope.leftOut),
        ...torchRuntimeFiles(),
      },
      diagnostics: [...notes, ...model.diagnostics, ...leftOut],
    };
  } catch (e) {
    return failed([
      diagnostic(
        'error',
        'export-pytorch',
        `Export to PyTorch failed (internal error: ${e instanceof Error ? e.message : String(e)}). Please report it with the project file.`,
      ),
    ]);
  }
};
