import { describe, expect, it } from 'vitest';
import { formatMetric, formatPreviewData, formatValue } from './format-metric';

type TemplateDoc = {
  previews?: Record<string, { kind: string; title: string; sources: { port: string }[] }>;
};
// The scalars the shipped templates report (scalar previews: port + title), from templates/.
const templates = import.meta.glob<TemplateDoc>('../../templates/*.json', {
  eager: true,
  import: 'default',
});
const templateScalars = (): { port: string; title: string }[] =>
  Object.values(templates).flatMap((doc) =>
    Object.values(doc.previews ?? {})
      .filter((p) => p.kind === 'scalar')
      .flatMap((p) => p.sources.map((s) => ({ port: s.port, title: p.title }))),
  );

describe('formatMetric', () => {
  it('names and rounds the scalars the templates produce', () => {
    expect(formatMetric('perplexity', 27.8659610748291).text).toBe('perplexity 27.9');
    expect(formatMetric('accuracy', 1).text).toBe('accuracy 1.00');
    expect(formatMetric('lambda', 0.0012).text).toBe('lambda 0.00');
    expect(formatMetric('loss', 81.4321, 'NLL (nats/image)').text).toBe('NLL 81.4 nats/image');
    expect(formatMetric('loss', 0.01234, 'Reconstruction MSE').text).toBe('MSE 0.0123');
    expect(formatMetric('distance', 175.26, 'Fréchet distance (lower is better)').text).toBe(
      'Fréchet distance 175.3',
    );
    expect(formatMetric('wasserstein', -0.53419, 'Wasserstein estimate').text).toBe(
      'Wasserstein estimate -0.534',
    );
    expect(formatMetric('gradNorm', 0.98765, 'Critic gradient norm at interpolates').text).toBe(
      'gradient norm 0.99',
    );
  });

  it('reads progress metrics named <node label>.<port>', () => {
    expect(formatMetric('VQ.perplexity', 12.345).text).toBe('perplexity 12.3');
    expect(formatMetric('Decoder.lambda', 0.5).text).toBe('lambda 0.50');
    expect(formatMetric('Critic.score', 3.14159).text).toBe('Critic score 3.14');
  });

  it('every scalar preview in templates/ reads as a name and a number, never JSON', () => {
    const scalars = templateScalars();
    expect(scalars.length).toBeGreaterThan(5);
    for (const { port, title } of scalars) {
      const f = formatMetric(port, 12.3456, title);
      expect(f.text, `${port} (${title})`).toMatch(/^[^{}"]+ -?[0-9.]+( [a-z/]+)?$/i);
      expect(f.name).not.toBe('loss');
      if (/nats\/image/.test(title)) expect(f.unit).toBe('nats/image');
    }
  });

  it('rounds by magnitude, and shows non-finite values', () => {
    expect(formatValue(12345.6)).toBe('12346');
    expect(formatValue(0.000123)).toBe('1.23e-4');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(NaN)).toBe('NaN');
    expect(formatValue(Infinity)).toBe('∞');
  });

  it('formats a preview’s data as lines, leaving out bulky arrays', () => {
    expect(formatPreviewData({ perplexity: 27.8659610748291 }, 'Codebook perplexity')).toEqual([
      'perplexity 27.9',
    ]);
    expect(
      formatPreviewData({ counts: [1, 2, 3], used: 3, perplexity: 2.9 }, 'Codebook usage'),
    ).toEqual(['codes used 3', 'perplexity 2.9']);
    expect(formatPreviewData({ loss: 90.12 }, 'NLL (nats/image)')).toEqual(['NLL 90.1 nats/image']);
  });
});
