// A user's mistake, as data: shown as a node badge and in the Problems panel, never thrown.

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  /** Which pass or loader found it, e.g. 'shapes', 'cycles', 'document'. */
  source: string;
  /** The node it is about; absent for document-level problems. */
  nodeId?: string;
  /** The port on that node, when the problem is at one port. */
  port?: string;
  /** A JSON-pointer-like path into the document, for problems found while loading. */
  path?: string;
  /** What is wrong and how to fix it, in one or two sentences. */
  message: string;
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean =>
  diagnostics.some((d) => d.severity === 'error');

export const diagnostic = (
  severity: Severity,
  source: string,
  message: string,
  where: { nodeId?: string; port?: string; path?: string } = {},
): Diagnostic => ({ severity, source, message, ...where });
