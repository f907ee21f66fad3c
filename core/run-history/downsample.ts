// Downsampling a loss curve for the run history: Largest-Triangle-Three-Buckets (Steinarsson,
// "Downsampling Time Series for Visual Representation", 2013), the method chart libraries use to
// keep a curve's shape (its spikes and turns) in few points. The first and last points are kept.

export interface Series {
  steps: number[];
  values: number[];
}

/** The finite points of a series, in order (NaN and ±Infinity cannot be drawn nor stored as JSON). */
export const finitePoints = (s: Series): Series => {
  const steps: number[] = [];
  const values: number[] = [];
  const n = Math.min(s.steps.length, s.values.length);
  for (let i = 0; i < n; i++) {
    const x = s.steps[i]!;
    const y = s.values[i]!;
    if (Number.isFinite(x) && Number.isFinite(y)) {
      steps.push(x);
      values.push(y);
    }
  }
  return { steps, values };
};

/**
 * At most `max` points of `s` (max >= 3), chosen by LTTB; a series already that short comes back
 * as a copy. Non-finite points are dropped first.
 */
export const downsampleSeries = (s: Series, max: number): Series => {
  const { steps, values } = finitePoints(s);
  const n = steps.length;
  const limit = Math.max(3, Math.floor(max));
  if (n <= limit) return { steps, values };
  const outSteps: number[] = [steps[0]!];
  const outValues: number[] = [values[0]!];
  // The points between the first and the last, split into limit - 2 buckets.
  const every = (n - 2) / (limit - 2);
  let a = 0; // the point chosen last
  for (let b = 0; b < limit - 2; b++) {
    const start = Math.floor(b * every) + 1;
    const end = Math.min(Math.floor((b + 1) * every) + 1, n - 1);
    // The next bucket's average (the last point for the last bucket).
    const nextStart = end;
    const nextEnd = Math.min(Math.floor((b + 2) * every) + 1, n);
    let avgX = 0;
    let avgY = 0;
    const count = Math.max(1, nextEnd - nextStart);
    for (let i = nextStart; i < nextStart + count && i < n; i++) {
      avgX += steps[i]!;
      avgY += values[i]!;
    }
    avgX /= count;
    avgY /= count;
    const ax = steps[a]!;
    const ay = values[a]!;
    let best = start;
    let bestArea = -1;
    for (let i = start; i < end; i++) {
      const area = Math.abs((ax - avgX) * (values[i]! - ay) - (ax - steps[i]!) * (avgY - ay));
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    outSteps.push(steps[best]!);
    outValues.push(values[best]!);
    a = best;
  }
  outSteps.push(steps[n - 1]!);
  outValues.push(values[n - 1]!);
  return { steps: outSteps, values: outValues };
};
