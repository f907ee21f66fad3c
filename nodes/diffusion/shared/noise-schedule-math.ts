// Noise-schedule tables of the diffusion nodes, in float64, with no tfjs: every diffusion node
// (schedule, q_sample, samplers, min-SNR loss) builds its coefficients from here, so they agree.
// Index t = 0..T-1 is the paper's step t+1 (diffusers' convention): alphaBar[t] = prod_{s<=t} (1 - beta_s).

export type ScheduleKind = 'linear' | 'cosine';

export interface ScheduleSpec {
  schedule: string;
  steps: number;
  betaStart: number;
  betaEnd: number;
  cosineS: number;
}

export interface ScheduleTables {
  betas: Float64Array;
  alphas: Float64Array;
  alphaBar: Float64Array;
}

/** Largest beta the cosine schedule allows (Nichol & Dhariwal 2021, sec. 3.2). */
export const COSINE_MAX_BETA = 0.999;

/** Linear betas from betaStart to betaEnd inclusive (Ho et al. 2020; diffusers beta_schedule='linear'). */
export const linearBetas = (steps: number, betaStart: number, betaEnd: number): Float64Array => {
  const b = new Float64Array(steps);
  for (let t = 0; t < steps; t++)
    b[t] = steps === 1 ? betaStart : betaStart + ((betaEnd - betaStart) * t) / (steps - 1);
  return b;
};

/** f(t) / f(0) with f(t) = cos(((t/T) + s) / (1 + s) * pi/2)^2 (Nichol & Dhariwal 2021, eq. 17). */
export const cosineAlphaBarAt = (t: number, steps: number, s: number): number => {
  const f = (u: number): number => Math.cos(((u / steps + s) / (1 + s)) * (Math.PI / 2)) ** 2;
  return f(t) / f(0);
};

/** beta_t = min(1 - abar(t+1)/abar(t), 0.999) (diffusers betas_for_alpha_bar, 'squaredcos_cap_v2'). */
export const cosineBetas = (steps: number, s: number): Float64Array => {
  const b = new Float64Array(steps);
  for (let t = 0; t < steps; t++)
    b[t] = Math.min(
      1 - cosineAlphaBarAt(t + 1, steps, s) / cosineAlphaBarAt(t, steps, s),
      COSINE_MAX_BETA,
    );
  return b;
};

/** betas, alphas = 1 - betas, alphaBar = cumulative product of alphas. */
export const tablesFromBetas = (betas: Float64Array): ScheduleTables => {
  const alphas = betas.map((b) => 1 - b);
  const alphaBar = new Float64Array(betas.length);
  let prod = 1;
  alphas.forEach((a, t) => {
    prod *= a;
    alphaBar[t] = prod;
  });
  return { betas, alphas, alphaBar };
};

export const scheduleTables = (spec: ScheduleSpec): ScheduleTables =>
  tablesFromBetas(
    spec.schedule === 'cosine'
      ? cosineBetas(spec.steps, spec.cosineS)
      : linearBetas(spec.steps, spec.betaStart, spec.betaEnd),
  );

/** Signal-to-noise ratio alphaBar / (1 - alphaBar) per step (Kingma et al. 2021). */
export const snr = (alphaBar: Float64Array): Float64Array => alphaBar.map((a) => a / (1 - a));

/**
 * S timesteps of 0..T-1 for DDIM, descending, evenly spaced and rounded, first T-1 and last 0
 * (diffusers timestep_spacing='linspace'). Needs 1 <= S <= T.
 */
export const ddimTimesteps = (steps: number, samplingSteps: number): number[] => {
  const s = Math.max(1, Math.min(samplingSteps, steps));
  if (s === 1) return [steps - 1];
  const out: number[] = [];
  for (let i = s - 1; i >= 0; i--) out.push(Math.round((i * (steps - 1)) / (s - 1)));
  return out;
};

/** Problems with schedule params, each naming the fix ([] when fine). Pure, never throws. */
export const scheduleProblems = (spec: ScheduleSpec): string[] => {
  const out: string[] = [];
  if (!Number.isInteger(spec.steps) || spec.steps < 1)
    out.push(`steps T is ${spec.steps}; set it to a whole number of at least 1 (1000 is usual).`);
  if (spec.schedule !== 'linear' && spec.schedule !== 'cosine')
    out.push(`schedule is ${JSON.stringify(spec.schedule)}; choose linear or cosine.`);
  if (spec.schedule === 'linear') {
    if (!(spec.betaStart > 0 && spec.betaStart < 1))
      out.push(`betaStart is ${spec.betaStart}; set it in (0, 1) (1e-4 is usual).`);
    if (!(spec.betaEnd > 0 && spec.betaEnd < 1))
      out.push(`betaEnd is ${spec.betaEnd}; set it in (0, 1) (0.02 is usual).`);
    if (spec.betaStart > spec.betaEnd)
      out.push(
        `betaStart (${spec.betaStart}) is above betaEnd (${spec.betaEnd}); the noise must grow with t: swap them.`,
      );
  }
  if (spec.schedule === 'cosine' && !(spec.cosineS >= 0))
    out.push(`cosineS is ${spec.cosineS}; set it to 0 or more (0.008 is usual).`);
  return out;
};
