// What the templates gallery says about each template beyond its document: the model family,
// the paper it follows (a link the desktop shell may open: arxiv.org and the other hosts of the
// node library's paper links, main/electron/external-links.ts), and the sample grid of its
// trained results in docs/results, where one was measured. The results file names are fixed
// here: templates:results reads only these files, by template id.

export interface TemplatePaperLink {
  /** "Authors, Title, Venue Year". */
  citation: string;
  url: string;
}

export interface TemplateCatalogEntry {
  family: TemplateFamily;
  paper: TemplatePaperLink;
  /** A PNG in docs/results (a plain file name) and what it shows. */
  results?: { file: string; caption: string };
}

export const templateFamilies = [
  'VQ-VAE / VQGAN',
  'GAN',
  'Diffusion',
  'Autoregressive',
  'Transformer',
  'Autoencoder',
  'Detection',
  'Self-supervised',
  'Action detection',
] as const;
export type TemplateFamily = (typeof templateFamilies)[number];

/** The family shown for a template the catalog does not list (a user's own file). */
export const unknownFamily = 'Other';

const arxiv = (id: string): string => `https://arxiv.org/abs/${id}`;

const oadtrPaper: TemplatePaperLink = {
  citation: 'Wang et al., OadTR: Online Action Detection with Transformers, ICCV 2021',
  url: arxiv('2106.11149'),
};
const oadtrStrip = (which: string): { file: string; caption: string } => ({
  file: 'oadtr-strip.png',
  caption: `Held-out predictions of the three OadTR variants after 150 s of training, top to bottom: OadTR, without the decoder, without the task token (this template: ${which}). In each block the truth (one row per class) above the predicted class probabilities.`,
});
const autoregressiveSamples = (name: string): { file: string; caption: string } => ({
  file: `autoregressive-${name}.png`,
  caption:
    'Exact samples on binarized MNIST after training (the sampler calls the model once per pixel); docs/results/autoregressive.md has the test NLL.',
});
// The char GPTs differ only in their attention node; their results are sampled text
// (docs/results/gpt.md), not an image.
const charGpt = (paper: TemplatePaperLink): TemplateCatalogEntry => ({
  family: 'Transformer',
  paper,
});

export const templateCatalog: Readonly<Record<string, TemplateCatalogEntry>> = {
  'vq-vae': {
    family: 'VQ-VAE / VQGAN',
    paper: {
      citation:
        'van den Oord, Vinyals & Kavukcuoglu, Neural Discrete Representation Learning, NeurIPS 2017',
      url: arxiv('1711.00937'),
    },
    results: {
      file: 'vqvae-reconstructions.png',
      caption:
        'Input and reconstruction pairs of 16 test digits, each image rebuilt from its 7x7 grid of codes.',
    },
  },
  vqgan: {
    family: 'VQ-VAE / VQGAN',
    paper: {
      citation:
        'Esser, Rombach & Ommer, Taming Transformers for High-Resolution Image Synthesis, CVPR 2021',
      url: arxiv('2012.09841'),
    },
    results: {
      file: 'vqgan-samples.png',
      caption:
        'Stage-2 samples: code grids drawn by the GPT prior (temperature 1), decoded by the stage-1 decoder.',
    },
  },
  dcgan: {
    family: 'GAN',
    paper: {
      citation:
        'Radford, Metz & Chintala, Unsupervised Representation Learning with Deep Convolutional GANs, ICLR 2016',
      url: arxiv('1511.06434'),
    },
    results: { file: 'gan-dcgan.png', caption: 'Generated digits after training.' },
  },
  'wgan-clip': {
    family: 'GAN',
    paper: {
      citation: 'Arjovsky, Chintala & Bottou, Wasserstein GAN, ICML 2017',
      url: arxiv('1701.07875'),
    },
    results: {
      file: 'gan-wgan-clip.png',
      caption: 'Generated digits after training.',
    },
  },
  'wgan-gp': {
    family: 'GAN',
    paper: {
      citation: 'Gulrajani et al., Improved Training of Wasserstein GANs, NeurIPS 2017',
      url: arxiv('1704.00028'),
    },
    results: { file: 'gan-wgan-gp.png', caption: 'Generated digits after training.' },
  },
  ddpm: {
    family: 'Diffusion',
    paper: {
      citation: 'Ho, Jain & Abbeel, Denoising Diffusion Probabilistic Models, NeurIPS 2020',
      url: arxiv('2006.11239'),
    },
    results: {
      file: 'diffusion-ddpm-captions-w3.png',
      caption:
        'DDIM 20 steps, guidance w = 3: one row per prompt (row k: prompt k in label order).',
    },
  },
  'latent-diffusion': {
    family: 'Diffusion',
    paper: {
      citation:
        'Rombach et al., High-Resolution Image Synthesis with Latent Diffusion Models, CVPR 2022',
      url: arxiv('2112.10752'),
    },
    results: {
      file: 'diffusion-latent-diffusion-captions-w3.png',
      caption:
        'DDIM 20 steps, guidance w = 3, decoded by the stage-1 decoder: one row per prompt (row k: prompt k in label order).',
    },
  },
  fvsbn: {
    family: 'Autoregressive',
    paper: {
      citation:
        'Larochelle & Murray, The Neural Autoregressive Distribution Estimator, AISTATS 2011 (the FVSBN baseline and its 97.45 nats)',
      url: 'https://proceedings.mlr.press/v15/larochelle11a.html',
    },
    results: autoregressiveSamples('fvsbn'),
  },
  nade: {
    family: 'Autoregressive',
    paper: {
      citation:
        'Larochelle & Murray, The Neural Autoregressive Distribution Estimator, AISTATS 2011',
      url: 'https://proceedings.mlr.press/v15/larochelle11a.html',
    },
    results: autoregressiveSamples('nade'),
  },
  made: {
    family: 'Autoregressive',
    paper: {
      citation:
        'Germain, Gregor, Murray & Larochelle, MADE: Masked Autoencoder for Distribution Estimation, ICML 2015',
      url: arxiv('1502.03509'),
    },
    results: autoregressiveSamples('made'),
  },
  pixelcnn: {
    family: 'Autoregressive',
    paper: {
      citation:
        'van den Oord, Kalchbrenner & Kavukcuoglu, Pixel Recurrent Neural Networks, ICML 2016',
      url: arxiv('1601.06759'),
    },
    results: autoregressiveSamples('pixelcnn'),
  },
  'char-gpt': charGpt({
    citation: 'Vaswani et al., Attention Is All You Need, NeurIPS 2017',
    url: arxiv('1706.03762'),
  }),
  'char-gpt-linear': charGpt({
    citation:
      'Katharopoulos et al., Transformers are RNNs: Fast Autoregressive Transformers with Linear Attention, ICML 2020',
    url: arxiv('2006.16236'),
  }),
  'char-gpt-flash': charGpt({
    citation: 'Hua, Dai, Liu & Le, Transformer Quality in Linear Time, ICML 2022',
    url: arxiv('2202.10447'),
  }),
  'conv-autoencoder': {
    family: 'Autoencoder',
    paper: {
      citation:
        'Hinton & Salakhutdinov, Reducing the Dimensionality of Data with Neural Networks, Science 2006',
      url: 'https://doi.org/10.1126/science.1127647',
    },
  },
  detr: {
    family: 'Detection',
    paper: {
      citation: 'Carion et al., End-to-End Object Detection with Transformers, ECCV 2020',
      url: arxiv('2005.12872'),
    },
    results: {
      file: 'detr-boxes.png',
      caption:
        'Test images after training: true boxes in white, predictions (class probability >= 0.5) in their class colour.',
    },
  },
  simclr: {
    family: 'Self-supervised',
    paper: {
      citation:
        'Chen, Kornblith, Norouzi & Hinton, A Simple Framework for Contrastive Learning of Visual Representations, ICML 2020',
      url: arxiv('2002.05709'),
    },
    results: {
      file: 'ssl-simclr.png',
      caption:
        'The two augmented views of each image (view 1 | view 2) that the encoder learns to match.',
    },
  },
  'masked-pretraining': {
    family: 'Self-supervised',
    paper: {
      citation: 'He et al., Masked Autoencoders Are Scalable Vision Learners, CVPR 2022',
      url: arxiv('2111.06377'),
    },
    results: {
      file: 'ssl-masked-pretraining.png',
      caption: 'Masked input | reconstruction | original, after pre-training.',
    },
  },
  oadtr: { family: 'Action detection', paper: oadtrPaper, results: oadtrStrip('the top block') },
  'oadtr-no-decoder': {
    family: 'Action detection',
    paper: oadtrPaper,
    results: oadtrStrip('the middle block'),
  },
  'oadtr-no-task-token': {
    family: 'Action detection',
    paper: oadtrPaper,
    results: oadtrStrip('the bottom block'),
  },
};

/** The catalog's entry for a template id (own keys only: never Object.prototype's). */
export const catalogEntry = (id: string): TemplateCatalogEntry | undefined =>
  Object.hasOwn(templateCatalog, id) ? templateCatalog[id] : undefined;
