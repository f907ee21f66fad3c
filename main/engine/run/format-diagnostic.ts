// One diagnostic as a line of text: "error node Encoder (encoder) port x: message".
import type { Diagnostic } from '../../../core/diagnostics/diagnostic';

export const formatDiagnostic = (
  d: Diagnostic,
  labelOf: (id: string) => string | undefined = () => undefined,
): string => {
  if (d.nodeId) {
    const label = labelOf(d.nodeId) ?? d.nodeId;
    return `${d.severity} node ${label} (${d.nodeId})${d.port ? ` port ${d.port}` : ''}: ${d.message}`;
  }
  return `${d.severity}${d.path ? ` ${d.path}` : ''}: ${d.message}`;
};
