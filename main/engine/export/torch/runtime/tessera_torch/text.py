"""The text nodes of a Tessera export: caption sets, text as code points, and the tokenizer.
b batch, s characters, l tokens.

Text on an edge is int64 Unicode code points [b, s], 0 after the end (nodes/text/shared/
text-codes.ts). The caption sets and the vocabulary follow nodes/text/shared/caption-sets.ts and
vocabulary.ts: <pad> = 0, <s> = 1, <unk> = 2, then the distinct lower-cased words (or characters)
of every phrasing of every class, sorted; a sequence is <s>, its tokens, then padding (mask 0).
"""
import torch

CAPTION_SET_IDS = ("fashion-mnist", "mnist")
PAD_ID, START_ID, UNKNOWN_ID = 0, 1, 2
_SPECIAL = ["<pad>", "<s>", "<unk>"]

# Fashion-MNIST's ten classes (Xiao et al. 2017, label order) as noun phrases.
_FASHION_NOUNS = ["t-shirt", "pair of trousers", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot"]
_DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def _with_article(noun: str) -> str:
    return f"{'an' if noun[:1] in ('a', 'e', 'i', 'o', 'u') else 'a'} {noun}"


def caption_set(set_id: str) -> list:
    """Phrasings per class, class by class in label order; the first of each is canonical."""
    if set_id == "fashion-mnist":
        return [
            [f"a photo of {_with_article(n)}", f"a picture of {_with_article(n)}", f"an image of {_with_article(n)}", f"a drawing of {_with_article(n)}", _with_article(n)]
            for n in _FASHION_NOUNS
        ]
    if set_id == "mnist":
        return [
            [f"the digit {w}", f"a handwritten {w}", f"the number {d}", f"a picture of the digit {w}", f"a handwritten {d}"]
            for d, w in enumerate(_DIGIT_WORDS)
        ]
    raise ValueError(f"unknown caption set {set_id!r} (one of {', '.join(CAPTION_SET_IDS)})")


def encode_text_codes(texts: list, width: int, device) -> torch.Tensor:
    """Code points of each text in a row of `width`, 0-padded, cut at width: int64 [len(texts), width]."""
    out = torch.zeros(len(texts), width, dtype=torch.int64)
    for row, text in enumerate(texts):
        points = [ord(ch) for ch in text][:width]
        if points:
            out[row, : len(points)] = torch.tensor(points, dtype=torch.int64)
    return out.to(device)


def decode_text_codes(codes: torch.Tensor) -> list:
    """The texts of a [rows, width] block of code points (each row up to its first 0)."""
    texts = []
    for row in codes.detach().cpu().tolist():
        chars = []
        for c in row:
            if c == 0:
                break
            chars.append(chr(int(c)))
        texts.append("".join(chars))
    return texts


def class_captions(label, set_id: str, phrasing: str, width: int, sampler) -> torch.Tensor:
    """text/class-captions: one phrasing of label b's class per example ('random': rng.int(5) per
    example, in batch order; 'first': the canonical one), as code points [b, width]."""
    classes = caption_set(set_id)
    texts = []
    for c in label.detach().cpu().reshape(-1).tolist():
        c = int(c)
        if not 0 <= c < len(classes):
            raise ValueError(
                f"Class Captions: label {c} has no caption in the {set_id} set (classes 0..{len(classes) - 1}); pick the caption set of the dataset."
            )
        phrasings = classes[c]
        texts.append(phrasings[0 if phrasing == "first" else sampler.rng.int(len(phrasings))])
    return encode_text_codes(texts, width, label.device)


def split_text(text: str, level: str) -> list:
    """Lower-cased characters ('char') or words split on whitespace ('word'), as vocabulary.ts
    splits them (the same for the caption sets' ASCII; JavaScript's \\s and str.split() differ
    only on a few Unicode spaces)."""
    lower = text.lower()
    return list(lower) if level == "char" else lower.split()


_vocabularies = {}


def vocabulary(set_id: str, level: str) -> dict:
    """Token -> id for every caption of the set: special tokens, then the sorted distinct tokens."""
    key = (set_id, level)
    if key not in _vocabularies:
        distinct = sorted({p for phrasings in caption_set(set_id) for t in phrasings for p in split_text(t, level)})
        _vocabularies[key] = {tok: i for i, tok in enumerate(_SPECIAL + distinct)}
    return _vocabularies[key]


def tokenize(text, set_id: str, level: str, length: int):
    """text/tokenizer: code points [b, s] -> (token ids int64 [b, length], mask float32 [b, length]):
    <s>, the text's tokens (<unk> outside the vocabulary), cut at length or padded with 0 (mask 0)."""
    vocab = vocabulary(set_id, level)
    rows, masks = [], []
    for t in decode_text_codes(text):
        ids = ([START_ID] + [vocab.get(p, UNKNOWN_ID) for p in split_text(t, level)])[:length]
        masks.append([1.0] * len(ids) + [0.0] * (length - len(ids)))
        rows.append(ids + [PAD_ID] * (length - len(ids)))
    ids = torch.tensor(rows, dtype=torch.int64).reshape(len(rows), length).to(text.device)
    mask = torch.tensor(masks, dtype=torch.float32).reshape(len(rows), length).to(text.device)
    return ids, mask
