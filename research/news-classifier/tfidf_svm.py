"""Linear TF-IDF baseline (scikit-learn LinearSVC, sublinear tf, 40k features, first 256 tokens),
scored on both validation splits (`latest`, `threads`) and on the test split.

    /usr/bin/python3 research/news-classifier/tfidf_svm.py   # Debian python3-sklearn
"""
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from data import splits

MAX_TOKENS = 256


def fit_score(train, evaluate):
    vec = TfidfVectorizer(analyzer=lambda t: t[:MAX_TOKENS], sublinear_tf=True, min_df=2, max_features=40000)
    clf = LinearSVC().fit(vec.fit_transform([t for t, _, _ in train]), [y for _, y, _ in train])
    return {name: float((clf.predict(vec.transform([t for t, _, _ in s])) == np.array([y for _, y, _ in s])).mean())
            for name, s in evaluate.items()}


for holdout in ['latest', 'threads']:
    train, val, test = splits(holdout=holdout)
    print(f'trained without the {holdout} validation split:',
          fit_score(train, {'validation': val, 'test': test}))
print('trained on all:', fit_score(train + val, {'test': test}))
