// Shared shape arithmetic for the conv kernels (NHWC, filters [kh, kw, ci, co]).
import { backend_util } from '@tensorflow/tfjs';
import type { NamedAttrMap } from '@tensorflow/tfjs';

export interface ConvGeometry {
  n: number;
  h: number;
  w: number;
  ci: number;
  kh: number;
  kw: number;
  co: number;
  oh: number;
  ow: number;
  sh: number;
  sw: number;
  dh: number;
  dw: number;
  padTop: number;
  padLeft: number;
}

/** Geometry of a forward conv from its input and filter shapes, as tfjs computes it. */
export function convGeometry(
  op: string,
  xShape: readonly number[],
  filterShape: readonly number[],
  attrs: NamedAttrMap,
  depthwise = false,
): ConvGeometry {
  const dataFormat = (attrs['dataFormat'] as string | undefined) ?? 'NHWC';
  if (dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new Error(`Tessera wasm ${op}: only NHWC is supported, got dataFormat ${dataFormat}`);
  }
  if (xShape.length !== 4 || filterShape.length !== 4) {
    throw new Error(
      `Tessera wasm ${op}: expected rank-4 input and filter, got [${xShape}] and [${filterShape}]`,
    );
  }
  const dilations = (attrs['dilations'] as number | [number, number] | undefined) ?? 1;
  const info = backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs['strides'] as number | [number, number],
    dilations,
    attrs['pad'] as never,
    attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
    depthwise,
    'channelsLast',
  );
  return {
    n: info.batchSize,
    h: info.inHeight,
    w: info.inWidth,
    ci: info.inChannels,
    kh: info.filterHeight,
    kw: info.filterWidth,
    co: info.outChannels,
    oh: info.outHeight,
    ow: info.outWidth,
    sh: info.strideHeight,
    sw: info.strideWidth,
    dh: info.dilationHeight,
    dw: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

export function describe(
  op: string,
  shapes: Record<string, readonly number[]>,
  g: ConvGeometry,
): string {
  const parts = Object.entries(shapes).map(([k, s]) => `${k} [${s.join(',')}]`);
  return `${op} (${parts.join(', ')}, strides ${g.sh}x${g.sw}, dilations ${g.dh}x${g.dw})`;
}
