// Caption sets for class-labelled image datasets: each class has several phrasings of one
// description ("a photo of a sneaker", "a picture of a sneaker"), so that a text-conditioned model
// learns from words rather than from one fixed string per class. No runtime imports: the layer
// files that use it are copied by the exporter.

export const captionSetIds = ['fashion-mnist', 'mnist'] as const;
export type CaptionSetId = (typeof captionSetIds)[number];

/** "a sneaker", "an ankle boot": the indefinite article English puts before a noun phrase. */
const withArticle = (noun: string): string => `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;

/** Fashion-MNIST's ten classes (Xiao et al. 2017, label order), as noun phrases. */
const fashionNouns = [
  't-shirt',
  'pair of trousers',
  'pullover',
  'dress',
  'coat',
  'sandal',
  'shirt',
  'sneaker',
  'bag',
  'ankle boot',
] as const;

const fashionPhrasings = [
  (n: string) => `a photo of ${withArticle(n)}`,
  (n: string) => `a picture of ${withArticle(n)}`,
  (n: string) => `an image of ${withArticle(n)}`,
  (n: string) => `a drawing of ${withArticle(n)}`,
  (n: string) => withArticle(n),
];

const digitWords = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
] as const;

const digitPhrasings = [
  (w: string, _d: number) => `the digit ${w}`,
  (w: string, _d: number) => `a handwritten ${w}`,
  (_w: string, d: number) => `the number ${d}`,
  (w: string, _d: number) => `a picture of the digit ${w}`,
  (_w: string, d: number) => `a handwritten ${d}`,
];

/** Caption phrasings per class, class by class in label order; the first of each is canonical. */
export const captionSet = (id: CaptionSetId): readonly (readonly string[])[] =>
  id === 'fashion-mnist'
    ? fashionNouns.map((n) => fashionPhrasings.map((p) => p(n)))
    : digitWords.map((w, d) => digitPhrasings.map((p) => p(w, d)));

/** One caption per class (the first phrasing): the prompts that show what each class looks like. */
export const canonicalCaptions = (id: CaptionSetId): string[] =>
  captionSet(id).map((phrasings) => phrasings[0] ?? '');

export const isCaptionSetId = (s: string): s is CaptionSetId =>
  (captionSetIds as readonly string[]).includes(s);
