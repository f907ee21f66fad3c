// Shape inference shared by the DDPM and DDIM samplers: checks the denoiser handle's ports
// against the names in the params, the condition inputs and the guidance scale.
import type {
  PortDiagnostic,
  ShapeContext,
  ShapeResult,
} from '../../../core/node-contract/node-definition';
import type { PortSpec } from '../../../core/node-contract/port-spec';
import { formatShape, tensorType, type TensorType } from '../../../core/shapes/tensor-type';
import { shapesAgree } from '../../shared/shape-checks';
import { scheduleDiagnostics } from './schedule-diagnostics';
import { stripIndices } from './sampler-core';
import type { SamplerParams } from './sampler-params';

export const samplerInputs: readonly PortSpec[] = [
  {
    name: 'model',
    kind: 'model',
    gradient: 'none',
    doc: 'The denoiser as a model handle (a Module Handle on the UNet module): inputs x [B,H,W,C] and t int32 [B] (and the condition), output eps (or v) shaped like x.',
  },
  {
    name: 'condition',
    kind: 'tensor',
    dtype: 'float32',
    dims: ['B', '...'],
    optional: true,
    gradient: 'none',
    doc: 'Condition for the model (class or caption embeddings), N rows or fewer (rows repeat). Needed for guidance.',
  },
  {
    name: 'nullCondition',
    kind: 'tensor',
    dtype: 'float32',
    dims: ['B', '...'],
    optional: true,
    gradient: 'none',
    doc: "The unconditional input for classifier-free guidance: Condition Dropout's 'null' output. Zeros when left empty.",
  },
  {
    name: 'conditionMask',
    kind: 'tensor',
    dtype: 'float32',
    dims: ['B', 'L'],
    optional: true,
    gradient: 'none',
    doc: "The padding mask of a caption condition (Tokenizer's mask), fed to the model's maskName input; all ones in the unconditional pass.",
  },
];

export const samplerOutputs: readonly PortSpec[] = [
  {
    name: 'samples',
    kind: 'tensor',
    dtype: 'float32',
    rank: 4,
    dims: ['N', 'H', 'W', 'C'],
    gradient: 'none',
    doc: 'N samples (x_0), shaped like the model input.',
  },
  {
    name: 'strip',
    label: 'denoising strip',
    kind: 'tensor',
    dtype: 'float32',
    rank: 4,
    dims: ['R*K', 'H', 'W', 'C'],
    gradient: 'none',
    doc: "x_t of the first stripRows samples at K evenly spaced steps, noise first, result last, row by row (R x K frames): the 'denoising-strip' preview.",
  },
];

const names = (r: Record<string, unknown>): string => Object.keys(r).join(', ') || 'none';

/** `updates` = number of denoising steps the sampler takes (T for DDPM, S for DDIM). */
export const inferSampler = (
  ctx: ShapeContext<SamplerParams>,
  updates: number,
  extra: PortDiagnostic[] = [],
): ShapeResult => {
  const p = ctx.params;
  const diagnostics: PortDiagnostic[] = [...scheduleDiagnostics(p), ...extra];
  const err = (port: string | undefined, message: string): void => {
    diagnostics.push({ severity: 'error', port, message });
  };
  const warn = (port: string | undefined, message: string): void => {
    diagnostics.push({ severity: 'warning', port, message });
  };
  if (p.clipX0 && !(p.clipMin < p.clipMax))
    err(
      undefined,
      `clipMin (${p.clipMin}) must be below clipMax (${p.clipMax}); fix the data range.`,
    );

  const cond = ctx.inputs.condition;
  const nul = ctx.inputs.nullCondition;
  for (const [port, v] of [
    ['condition', cond],
    ['nullCondition', nul],
  ] as const)
    if (v && v.kind !== 'tensor')
      err(port, `'${port}' takes a tensor, not a model handle; connect the condition embeddings.`);
  const condT = cond?.kind === 'tensor' ? cond : undefined;
  const nullT = nul?.kind === 'tensor' ? nul : undefined;
  const model = ctx.inputs.model;
  const unconditioned = model?.kind === 'model' && !model.inputs[p.conditionName];
  if (p.guidance !== 1 && unconditioned && !condT && !nullT)
    warn(
      undefined,
      `guidance scale is ${p.guidance} but module ${model.moduleId} takes no condition (its inputs: ${names(model.inputs)}), so guidance has no effect; set guidance to 1, or train a conditional model (a condition input '${p.conditionName}' with Condition Dropout).`,
    );
  else if (p.guidance !== 1 && !condT)
    warn(
      'condition',
      `guidance scale is ${p.guidance} but no condition is connected, so it has no effect; connect a condition (and its null embedding to nullCondition) or set guidance to 1.`,
    );
  if (condT && !nullT && p.guidance !== 1)
    warn(
      'nullCondition',
      "the unconditional pass uses zeros as the condition; connect the null embedding the model was trained with (Condition Dropout's 'null' output) to nullCondition.",
    );
  if (condT && nullT && !shapesAgree(condT.shape.slice(1), nullT.shape.slice(1)))
    err(
      'nullCondition',
      `nullCondition rows are ${formatShape(nullT.shape.slice(1))} but condition rows are ${formatShape(condT.shape.slice(1))}; connect the null embedding of the same condition.`,
    );

  const m = ctx.inputs.model;
  if (!m) {
    err(
      'model',
      'Connect a model: put the denoiser module (the UNet) on a Module Handle and wire it here.',
    );
    return { outputs: {}, diagnostics };
  }
  if (m.kind !== 'model') {
    err('model', 'The sampler takes a model handle, not a tensor: wire a Module Handle node here.');
    return { outputs: {}, diagnostics };
  }
  const inT = m.inputs[p.inputName];
  const tT = m.inputs[p.timestepName];
  const outT = m.outputs[p.outputName];
  if (!inT)
    err(
      'model',
      `Module ${m.moduleId} has no input '${p.inputName}' (it has: ${names(m.inputs)}); set inputName to its noisy-image input.`,
    );
  if (!tT)
    err(
      'model',
      `Module ${m.moduleId} has no input '${p.timestepName}' (it has: ${names(m.inputs)}); set timestepName to its timestep input (int32 [B]).`,
    );
  if (!outT)
    err(
      'model',
      `Module ${m.moduleId} has no output '${p.outputName}' (it has: ${names(m.outputs)}); set outputName to its noise (or v) prediction.`,
    );
  if (tT && tT.shape.length !== 1)
    err(
      'model',
      `The model's '${p.timestepName}' is ${formatShape(tT.shape)}; the sampler feeds one timestep per sample, int32 [B]: make the module input rank 1.`,
    );
  else if (tT && tT.dtype !== 'int32')
    warn(
      'model',
      `The model's '${p.timestepName}' is ${tT.dtype}; the sampler feeds int32 step indices 0..T-1 (like Diffusion Step's t): declare that input int32.`,
    );
  const cIn: TensorType | undefined = m.inputs[p.conditionName];
  if ((condT || nullT) && !cIn)
    err(
      condT ? 'condition' : 'nullCondition',
      `Module ${m.moduleId} has no input '${p.conditionName}' (it has: ${names(m.inputs)}); set conditionName to its condition input, or disconnect the condition.`,
    );
  if (cIn && !condT && !nullT)
    err(
      'condition',
      `Module ${m.moduleId} takes a condition '${p.conditionName}'; connect a condition (or only nullCondition for unconditional samples).`,
    );
  const given = condT ?? nullT;
  if (cIn && given && !shapesAgree(cIn.shape.slice(1), given.shape.slice(1)))
    err(
      condT ? 'condition' : 'nullCondition',
      `The model's '${p.conditionName}' rows are ${formatShape(cIn.shape.slice(1))} but the condition rows are ${formatShape(given.shape.slice(1))}; connect a condition of that shape.`,
    );
  const maskIn = m.inputs[p.maskName];
  const maskT = ctx.inputs.conditionMask;
  if (maskT && maskT.kind !== 'tensor')
    err('conditionMask', "'conditionMask' takes a tensor; connect the Tokenizer's padding mask.");
  else if (maskT && !maskIn)
    err(
      'conditionMask',
      `Module ${m.moduleId} has no input '${p.maskName}' (it has: ${names(m.inputs)}); set maskName to its padding-mask input, or disconnect conditionMask.`,
    );
  else if (maskT && maskIn && !shapesAgree(maskIn.shape.slice(1), maskT.shape.slice(1)))
    err(
      'conditionMask',
      `The model's '${p.maskName}' rows are ${formatShape(maskIn.shape.slice(1))} but conditionMask rows are ${formatShape(maskT.shape.slice(1))}; connect the mask of the condition's tokens.`,
    );
  else if (maskIn && !maskT && (condT || nullT))
    err(
      'conditionMask',
      `Module ${m.moduleId} takes a padding mask '${p.maskName}'; connect the condition's mask (the Tokenizer's, or Condition Dropout's) to conditionMask.`,
    );
  if (p.stripRows > p.count)
    err(
      undefined,
      `stripRows (${p.stripRows}) is more than the ${p.count} samples drawn; set it to at most ${p.count}.`,
    );
  if (!inT || !outT) return { outputs: {}, diagnostics };
  const [, h, w, c] = inT.shape;
  if (
    inT.shape.length !== 4 ||
    typeof h !== 'number' ||
    typeof w !== 'number' ||
    typeof c !== 'number'
  ) {
    err(
      'model',
      `The model's '${p.inputName}' is ${formatShape(inT.shape)}; the sampler needs B x H x W x C with known H, W, C (reshape latents to an image-shaped grid).`,
    );
    return { outputs: {}, diagnostics };
  }
  if (!shapesAgree(outT.shape.slice(1), inT.shape.slice(1)) || outT.shape.length !== 4)
    err(
      'model',
      `The model's '${p.outputName}' is ${formatShape(outT.shape)}; it must be shaped like its input ${formatShape(inT.shape)} (one noise value per element).`,
    );
  if (diagnostics.some((d) => d.severity === 'error')) return { outputs: {}, diagnostics };
  const k = stripIndices(Math.max(1, updates), p.stripFrames).length;
  return {
    outputs: {
      samples: tensorType('float32', [p.count, h, w, c]),
      strip: tensorType('float32', [p.stripRows * k, h, w, c]),
    },
    diagnostics,
  };
};
