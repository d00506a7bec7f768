// The datasets the news models are trained on: where their archives are and how their
// train / test splits are read.
import { toArray } from '@tfnlp/datasets';
import { agNews, bbcNews, newsgroups } from '@tfnlp/datasets/node';

export const DATASETS = {
  bbc: {
    name: 'BBC News',
    file: 'bbc/bbc-fulltext.zip',
    labels: ['business', 'entertainment', 'politics', 'sport', 'tech'],
    load: async (path, seed) => ({
      train: await toArray(bbcNews({ path, split: 'train', testFraction: 0.2, seed })),
      test: await toArray(bbcNews({ path, split: 'test', testFraction: 0.2, seed })),
      split: `stratified 20 % test split, seed ${seed}`,
    }),
  },
  '20news': {
    name: '20 Newsgroups',
    file: '20newsgroups/20news-bydate.tar.gz',
    labels: null,
    load: async (path, _seed, remove) => ({
      train: await toArray(newsgroups({ path, split: 'train', remove })),
      test: await toArray(newsgroups({ path, split: 'test', remove })),
      split: `bydate test split${remove.length ? `, ${remove.join('/')} removed` : ''}`,
    }),
  },
  agnews: {
    name: 'AG News',
    file: 'ag_news/ag_news_csv.tgz',
    labels: ['World', 'Sports', 'Business', 'Sci/Tech'],
    load: async (path) => ({
      train: await toArray(agNews({ path, split: 'train' })),
      test: await toArray(agNews({ path, split: 'test' })),
      split: 'official test split',
    }),
  },
};
