"""20 Newsgroups bydate, tokenized like the app (lowercase; words, or one other non-space char).

Validation splits of the train split, as the app's `--holdout`: `latest`, the highest-numbered
10 % of each group; `threads`, the latest-started threads (posts sharing a subject, "Re:" removed)
of each group up to 10 % of its posts, with every post of a held-out thread out of training.
Cached in /tmp/ng-data2.pkl.
"""
import collections
import os
import pickle
import re
import tarfile

ARCHIVE = os.path.join(os.path.dirname(__file__), '../../../shared/data/20newsgroups/20news-bydate.tar.gz')
CACHE = '/tmp/ng-data2.pkl'
WORD = re.compile(r"[\w]+(?:['’][^\W\d_]+)?|[^\s\w]")


def thread_of(text):
    """The thread key of a post: its subject, lowercased, without leading Re: / Fwd: marks."""
    m = re.search(r'^Subject:(.*)$', text, re.M)
    s = re.sub(r'^(\s*(re|fwd?)\s*(\[\d+\])?\s*:\s*)+', '', (m.group(1) if m else '').strip().lower())
    return ' '.join(s.split())


def load():
    """{'train'|'test': [(tokens, label, post number, thread key)]}."""
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
    out = {s: [(WORD.findall(t.lower()), groups.index(g), n, thread_of(t)) for t, g, n in v]
           for s, v in raw.items()}
    with open(CACHE, 'wb') as f:
        pickle.dump(out, f)
    return out


def splits(fraction=0.1, holdout='latest'):
    """(train, validation, test) as [(tokens, label, post number)]; see the module's doc."""
    d = load()
    train = d['train']
    by_group = collections.defaultdict(list)
    for j, e in enumerate(train):
        by_group[e[1]].append(j)
    held = set()
    if holdout == 'latest':
        for js in by_group.values():
            js = sorted(js, key=lambda j: -train[j][2])
            held |= set(js[: round(fraction * len(js))])
    elif holdout == 'threads':
        held_threads = set()
        for js in by_group.values():
            first = {}  # thread -> its first post number in this group
            for j in js:
                first[train[j][3]] = min(first.get(train[j][3], train[j][2]), train[j][2])
            size = collections.Counter(train[j][3] for j in js)
            taken = 0
            for t in sorted(first, key=lambda t: -first[t]):
                if taken >= fraction * len(js):
                    break
                held_threads.add(t)
                taken += size[t]
        held = {j for j, e in enumerate(train) if e[3] in held_threads}
    else:
        raise ValueError(holdout)
    strip = lambda es: [e[:3] for e in es]
    return (strip(e for j, e in enumerate(train) if j not in held),
            strip(train[j] for j in sorted(held)), strip(d['test']))
