"""20 Newsgroups bydate, tokenized like the app (lowercase; words, or one other non-space char).

The validation split is the app's `--holdout latest`: the highest-numbered 10 % of each group
of the train split. Cached in /tmp/ng-data.pkl.
"""
import collections
import os
import pickle
import re
import tarfile

ARCHIVE = os.path.join(os.path.dirname(__file__), '../../../../shared/data/20newsgroups/20news-bydate.tar.gz')
CACHE = '/tmp/ng-data.pkl'
WORD = re.compile(r"[\w]+(?:['’][^\W\d_]+)?|[^\s\w]")


def load():
    """{'train'|'test': [(tokens, label, post number)]}."""
    if os.path.exists(CACHE):
        with open(CACHE, 'rb') as f:
            return pickle.load(f)
    if not os.path.exists(ARCHIVE):
        raise SystemExit(f'{ARCHIVE} is missing (see ../shared/data/SOURCES.md)')
    raw = {'train': [], 'test': []}
    with tarfile.open(ARCHIVE) as tf:
        for m in tf.getmembers():
            if not m.isfile():
                continue
            top, group, number = m.name.split('/')
            split = 'train' if 'train' in top else 'test'
            raw[split].append((tf.extractfile(m).read().decode('latin-1'), group, int(number)))
    groups = sorted({g for _, g, _ in raw['train']})
    out = {s: [(WORD.findall(t.lower()), groups.index(g), n) for t, g, n in v] for s, v in raw.items()}
    with open(CACHE, 'wb') as f:
        pickle.dump(out, f)
    return out


def splits(fraction=0.1):
    """(train, validation = latest `fraction` of each group, test)."""
    d = load()
    train = d['train']
    by_group = collections.defaultdict(list)
    for j, (_, y, _) in enumerate(train):
        by_group[y].append(j)
    held = set()
    for js in by_group.values():
        js = sorted(js, key=lambda j: -train[j][2])
        held |= set(js[: round(fraction * len(js))])
    return ([e for j, e in enumerate(train) if j not in held],
            [train[j] for j in sorted(held)], d['test'])
