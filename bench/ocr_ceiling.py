"""OCR ceiling: how many of a set's field truths the pipeline's words contain at all.

    python bench/ocr_ceiling.py --data SETDIR [--examples SET.pkl] [--misses]

The set's pages go through the real pipeline once (or come from the --examples cache, as for
bench/decode_check.py). A truth counts as within reach when some run of consecutive words, in
the pipeline's word order, matches it under the evaluation's rule (`values_match`): no tagger
reading those words can do better. On scans this separates what OCR loses (merged or misread
words) from what the model misses.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

# bench/ is the script's folder, first on sys.path
from decode_check import field_truths

from docai.extract.command import load_examples
from docai.extract.fields import field_kind
from docai.extract.normalize import values_match

LONGEST_RUN = {"name": 40, "address": 60}  # words; every other kind is read from at most 4


def within_reach(words: list[str], name: str, truth) -> bool:
    """Whether some run of consecutive words matches the truth of field name."""
    longest = LONGEST_RUN.get(field_kind(name), 4)
    return any(values_match(name, " ".join(words[start:end]), truth)
               for start in range(len(words))
               for end in range(start + 1, min(len(words), start + longest) + 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--examples", type=Path, help="pickle cache of the set's examples")
    parser.add_argument("--misses", action="store_true", help="list the truths out of reach")
    args = parser.parse_args()
    words: dict[str, list[str]] = {}
    for example in load_examples([args.data], args.examples, workers=2):
        words.setdefault(example.doc, []).extend(word.text for word in example.words)
    reached, total, misses = Counter(), Counter(), []
    for doc, truth in field_truths(args.data).items():
        for name, value in truth.items():
            total[name] += 1
            if within_reach(words.get(doc, []), name, value):
                reached[name] += 1
            else:
                misses.append(f"  {doc} {name}: {value!r}")
    for name in sorted(total):
        print(f"{name:20s} {reached[name]:5d} of {total[name]:5d} within reach")
    print(f"{'all':20s} {sum(reached.values()):5d} of {sum(total.values()):5d} within reach")
    if args.misses:
        print("\n".join(misses))


if __name__ == "__main__":
    main()
