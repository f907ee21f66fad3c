// Where a global step falls among the stages. Stages run in order, each for its `steps`.
// A run-wide step budget (--steps) cuts the plan short, or extends the last stage.
import type { Stage } from '../../../core/document/document.types';

export interface StagePlan {
  stageIndex: number;
  stage: Stage;
  /** Global step at which the stage starts. */
  start: number;
  steps: number;
}

export const planStages = (stages: readonly Stage[], budget?: number): StagePlan[] => {
  const plan: StagePlan[] = [];
  let start = 0;
  stages.forEach((stage, stageIndex) => {
    let steps = Math.max(0, Math.floor(stage.steps));
    if (budget !== undefined) steps = Math.max(0, Math.min(steps, budget - start));
    if (steps > 0) plan.push({ stageIndex, stage, start, steps });
    start += steps;
  });
  const last = plan[plan.length - 1];
  if (budget !== undefined && last && start < budget) last.steps += budget - start;
  return plan;
};

export const totalSteps = (plan: readonly StagePlan[]): number =>
  plan.reduce((n, p) => n + p.steps, 0);

/** The stage running global step `step` (0-based), and the step within it. */
export const locate = (
  plan: readonly StagePlan[],
  step: number,
): { plan: StagePlan; stageStep: number } | undefined => {
  const p = plan.find((s) => step >= s.start && step < s.start + s.steps);
  return p ? { plan: p, stageStep: step - p.start } : undefined;
};

/** Whether an objective runs at this stage step: every k steps from step s. */
export const objectiveDue = (o: { every: number; from: number }, stageStep: number): boolean =>
  stageStep >= o.from && (stageStep - o.from) % Math.max(1, o.every) === 0;
