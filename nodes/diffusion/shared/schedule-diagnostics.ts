// Schedule params as PortDiagnostics for inferShapes.
import type { PortDiagnostic } from '../../../core/node-contract/node-definition';
import { scheduleProblems, type ScheduleSpec } from './noise-schedule-math';

export const scheduleDiagnostics = (spec: ScheduleSpec): PortDiagnostic[] =>
  scheduleProblems(spec).map((message) => ({ severity: 'error', message }));
