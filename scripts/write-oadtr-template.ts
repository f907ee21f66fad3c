// Writes templates/oadtr.json and its two ablations (oadtr-no-decoder.json, oadtr-no-task-token.json):
// OadTR (Wang et al. 2021) for online action detection on the Action Streams dataset, from
// primitives and modules (scripts/oadtr/). The templates are data; this script writes them. Run
//   node --import ./main/runtime/register.mjs scripts/write-oadtr-template.ts
import { writeTemplate } from './diffusion/write-template';
import { OADTR_VARIANTS } from './oadtr/oadtr-config';
import { oadtrDocument } from './oadtr/oadtr-document';

for (const v of OADTR_VARIANTS) await writeTemplate(v.name, oadtrDocument(v));
