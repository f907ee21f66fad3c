// @vitest-environment jsdom
// The 'text' preview shows each sample with its prompt in bold and keeps line breaks; data of
// another shape is not taken for text.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { isTextPreviewData, splitSample, TextPreview } from './text-preview';

afterEach(cleanup);

describe('text preview', () => {
  it('shows every sample, the prompt set apart, line breaks kept', () => {
    const data = {
      kind: 'text' as const,
      prompt: 'And God said',
      samples: ['And God said, Let there\nbe light', 'And God said unto Moses'],
    };
    const view = render(<TextPreview data={data} />);
    const samples = view.getAllByTestId('preview-text-sample');
    expect(samples.map((s) => s.textContent)).toEqual(data.samples);
    expect(view.getAllByTestId('preview-text-prompt').map((p) => p.textContent)).toEqual([
      'And God said',
      'And God said',
    ]);
    expect(samples[0]!.tagName).toBe('PRE');
  });

  it('splits the prompt only when the sample starts with it', () => {
    expect(splitSample('ab', 'abcd')).toEqual({ prompt: 'ab', generated: 'cd' });
    expect(splitSample('xy', 'abcd')).toEqual({ prompt: '', generated: 'abcd' });
    expect(splitSample('', 'abcd')).toEqual({ prompt: '', generated: 'abcd' });
  });

  it('recognises text data only', () => {
    expect(isTextPreviewData({ kind: 'text', prompt: '', samples: ['a'] })).toBe(true);
    expect(isTextPreviewData({ kind: 'text', prompt: '', samples: [1] })).toBe(false);
    expect(isTextPreviewData({ kind: 'made-masks', masks: [] })).toBe(false);
    expect(isTextPreviewData({ perplexity: 3 })).toBe(false);
    expect(isTextPreviewData(undefined)).toBe(false);
  });
});
