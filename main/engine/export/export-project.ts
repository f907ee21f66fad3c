// The engine's export entry point, for every shell (CLI, Electron, web): a project document
// in, the standalone program and its support folder out. Never throws for a bad document:
// problems come back as diagnostics.
import { exportProgram } from '../../../core/codegen/export-program';
import { diagnostic, hasErrors, type Diagnostic } from '../../../core/diagnostics/diagnostic';
import { compileDocument } from '../../../core/graph/compile';
import type { ShapeEnv } from '../../../core/node-contract/node-definition';
import { APP_VERSION } from '../../../core/document/app-version';
import { nodeRegistry } from '../../../nodes/registry';
import { createShapeEnv } from '../data/data-provider';
import { collectSources } from './collect-sources';
import { customCodeTrust, untrustedCodeDiagnostics } from '../../trust/custom-code-trust';
import { defaultTrustFile } from '../../trust/trust-file';
import { TrustStore } from '../../trust/trust-store';

export interface ExportProjectOptions {
  /** Program file name without extension: 'model' gives model.ts and model.lib/. */
  baseName?: string;
  env?: ShapeEnv;
  /** The trust store custom code must be trusted in to be exported (default the per-user trust.json). */
  trustFile?: string;
  /** The project file, named in messages. */
  projectFile?: string;
}

export interface ExportProjectResult {
  /** Path relative to the output folder -> content (the program and its support folder). */
  files: Record<string, string>;
  /** The program's path within `files`, e.g. 'model.ts'. */
  entry: string;
  /** The program's text (what the Code panel shows); absent when nothing could be generated. */
  source?: string;
  diagnostics: Diagnostic[];
}

export const exportProject = (
  document: unknown,
  opts: ExportProjectOptions = {},
): ExportProjectResult => {
  const baseName = opts.baseName ?? 'model';
  try {
    // Custom code goes into the program only when trusted here (the export copies it verbatim).
    const untrusted = untrustedCodeDiagnostics(
      customCodeTrust(document, new TrustStore(opts.trustFile ?? defaultTrustFile())),
      opts.projectFile,
      'export',
    );
    if (untrusted.length > 0) return { files: {}, entry: `${baseName}.ts`, diagnostics: untrusted };
    const compiled = compileDocument(document, nodeRegistry, opts.env ?? createShapeEnv());
    if (!compiled.program || !compiled.document || hasErrors(compiled.diagnostics))
      return {
        files: {},
        entry: `${baseName}.ts`,
        diagnostics:
          compiled.diagnostics.length > 0
            ? compiled.diagnostics
            : [
                diagnostic(
                  'error',
                  'export',
                  'The project could not be compiled; fix the problems first.',
                ),
              ],
      };
    const first = exportProgram(compiled.program, compiled.document, nodeRegistry, {
      baseName,
      appVersion: APP_VERSION,
    });
    const { sources } = collectSources(first.roots);
    const result = exportProgram(compiled.program, compiled.document, nodeRegistry, {
      baseName,
      appVersion: APP_VERSION,
      sources,
    });
    const diagnostics = [
      ...compiled.diagnostics.filter((d) => d.severity !== 'info'),
      ...result.diagnostics,
    ];
    if (hasErrors(result.diagnostics)) return { files: {}, entry: result.entry, diagnostics };
    return {
      files: result.files,
      entry: result.entry,
      source: result.files[result.entry],
      diagnostics,
    };
  } catch (e) {
    return {
      files: {},
      entry: `${baseName}.ts`,
      diagnostics: [
        diagnostic(
          'error',
          'export',
          `Export failed (internal error: ${e instanceof Error ? e.message : String(e)}). Please report it with the project file.`,
        ),
      ],
    };
  }
};
