// The noise schedule both diffusion templates train and sample with (DDPM's linear schedule).
export const linearSchedule = {
  schedule: 'linear',
  steps: 1000,
  betaStart: 0.0001,
  betaEnd: 0.02,
  cosineS: 0.008,
};

/** Sampler params naming the UNet's ports (x, t, c, mask -> eps). */
export const unetPorts = {
  inputName: 'x',
  timestepName: 't',
  conditionName: 'c',
  maskName: 'mask',
  outputName: 'eps',
};
