// Cards of the built-in datasets. Counts are the published ones (the integration tests
// check them against the real files).
import type { DatasetCard } from './card.js';

/** The card of `imdb()`: Maas et al. 2011, labels neg = 0, pos = 1. */
export const IMDB_CARD: DatasetCard = {
  id: 'imdb',
  title: 'Large Movie Review Dataset v1.0 (IMDB)',
  description:
    '50,000 highly polar IMDb movie reviews for binary sentiment classification, 25,000 for training and 25,000 for testing, plus 50,000 unlabelled reviews (train/unsup).',
  homepage: 'https://ai.stanford.edu/~amaas/data/sentiment/',
  citation:
    'Andrew L. Maas, Raymond E. Daly, Peter T. Pham, Dan Huang, Andrew Y. Ng and Christopher Potts. 2011. Learning Word Vectors for Sentiment Analysis. Proceedings of ACL-HLT 2011, pp. 142-150.',
  license:
    'No licence text in the distribution; its README asks users to cite the ACL 2011 paper. Reviews are IMDb user content.',
  labels: ['neg', 'pos'],
  splits: { train: 25_000, test: 25_000, unsup: 50_000 },
  perClass: { train: [12_500, 12_500], test: [12_500, 12_500] },
  files: {
    archive: {
      filename: 'aclImdb_v1.tar.gz',
      url: 'https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz',
      size: 84_125_825,
      md5: '7c2ac02c03563afcf9b574c7e56c153a',
    },
  },
  notes: [
    'Label order: neg = 0, pos = 1 (some libraries flip it).',
    'File names are {id}_{rating}.txt: ratings 1-4 are neg, 7-10 are pos; unsup reviews have rating 0 and label -1.',
    'Reviews keep the <br /> markup of the original.',
    'About 400 texts occur more than once, some across train and test; this is in the original.',
  ],
};

/** The card of `agNews()`: Zhang et al. 2015, labels World, Sports, Business, Sci/Tech. */
export const AG_NEWS_CARD: DatasetCard = {
  id: 'ag_news',
  title: "AG's News Topic Classification Dataset (version 3)",
  description:
    '4-class news topic classification built from the AG corpus: 30,000 training and 1,900 test articles per class. Each row is "class","title","description".',
  homepage: 'http://www.di.unipi.it/~gulli/AG_corpus_of_news_articles.html',
  citation:
    'Xiang Zhang, Junbo Zhao, Yann LeCun. Character-level Convolutional Networks for Text Classification. NIPS 2015.',
  license:
    'readme.txt: "provided by the academic comunity for research purposes in data mining (clustering, classification, etc), information retrieval (ranking, search, etc), xml, data compression, data streaming, and any other non-commercial activity." Non-commercial use only.',
  labels: ['World', 'Sports', 'Business', 'Sci/Tech'],
  splits: { train: 120_000, test: 7_600 },
  perClass: { train: [30_000, 30_000, 30_000, 30_000], test: [1_900, 1_900, 1_900, 1_900] },
  files: {
    // The authors' archive (ag_news_csv.tgz) was only ever shared through Google Drive;
    // torchtext's mirror of the two CSV files is the stable URL with published MD5s.
    train: {
      filename: 'train.csv',
      url: 'https://raw.githubusercontent.com/mhjabreel/CharCnn_Keras/master/data/ag_news_csv/train.csv',
      md5: 'b1a00f826fdfbd249f79597b59e1dc12',
    },
    test: {
      filename: 'test.csv',
      url: 'https://raw.githubusercontent.com/mhjabreel/CharCnn_Keras/master/data/ag_news_csv/test.csv',
      size: 1_857_427,
      md5: 'd52ea96a97a2d943681189a97654912d',
    },
  },
  notes: [
    'Label order: class 1..4 in the file becomes label 0..3 (World, Sports, Business, Sci/Tech).',
    'text = title + " " + description.',
    'The original marks line breaks inside fields with a backslash ("\\"); kept by default (backslash: "keep"), or turned into "\\n" or " ".',
    'HTML entities such as "#39;" and "quot;" are in the original text and are kept.',
  ],
};

/** The card of `bbcNews()`: Greene & Cunningham 2006, five categories. */
export const BBC_CARD: DatasetCard = {
  id: 'bbc',
  title: 'BBC News (full text)',
  description:
    '2,225 BBC News articles from 2004-2005 in five topical areas. Line 1 of each file is the headline. No official train/test split.',
  homepage: 'http://mlg.ucd.ie/datasets/bbc.html',
  citation:
    'D. Greene and P. Cunningham. Practical Solutions to the Problem of Diagonal Dominance in Kernel Document Clustering. Proc. ICML 2006.',
  license:
    'No licence is granted: "All rights, including copyright, in the content of the original articles are owned by the BBC." Cite the paper above.',
  labels: ['business', 'entertainment', 'politics', 'sport', 'tech'],
  splits: { all: 2_225 },
  perClass: { all: [510, 386, 417, 511, 401] },
  files: {
    // No checksum is published for this file; a download is checked by its contents
    // (2,225 articles in 5 classes) before it enters the cache.
    archive: {
      filename: 'bbc-fulltext.zip',
      url: 'http://mlg.ucd.ie/files/datasets/bbc-fulltext.zip',
    },
  },
  notes: [
    'Label order: alphabetical folder names (business = 0 ... tech = 4).',
    'train/test come from a deterministic stratified split (seed 42 and 20% test by default), independent of archive order.',
    'sport/199.txt holds a raw Latin-1 byte 0xA3 ("£"); the default encoding utf-8-or-latin1 decodes it as "£".',
  ],
};

const NEWSGROUPS = [
  'alt.atheism',
  'comp.graphics',
  'comp.os.ms-windows.misc',
  'comp.sys.ibm.pc.hardware',
  'comp.sys.mac.hardware',
  'comp.windows.x',
  'misc.forsale',
  'rec.autos',
  'rec.motorcycles',
  'rec.sport.baseball',
  'rec.sport.hockey',
  'sci.crypt',
  'sci.electronics',
  'sci.med',
  'sci.space',
  'soc.religion.christian',
  'talk.politics.guns',
  'talk.politics.mideast',
  'talk.politics.misc',
  'talk.religion.misc',
] as const;

/** The card of `newsgroups()`: the 20 Newsgroups "bydate" split, groups in alphabetical order. */
export const NEWSGROUPS_CARD: DatasetCard = {
  id: '20newsgroups',
  title: '20 Newsgroups ("bydate" version)',
  description:
    '18,846 Usenet posts from 20 newsgroups (1993), sorted by date into 11,314 train and 7,532 test posts, duplicates and some headers removed. The version scikit-learn uses.',
  homepage: 'http://qwone.com/~jason/20Newsgroups/',
  citation: 'Ken Lang. NewsWeeder: Learning to Filter Netnews. Proc. ICML 1995, pp. 331-339.',
  license:
    'No licence or terms in the archive. The posts are Usenet messages written by many people.',
  labels: NEWSGROUPS,
  splits: { train: 11_314, test: 7_532 },
  perClass: {
    train: [
      480, 584, 591, 590, 578, 593, 585, 594, 598, 597, 600, 595, 591, 594, 593, 599, 546, 564, 465,
      377,
    ],
    test: [
      319, 389, 394, 392, 385, 395, 390, 396, 398, 397, 399, 396, 393, 396, 394, 398, 364, 376, 310,
      251,
    ],
  },
  files: {
    // scikit-learn's mirror and checksum of Jason Rennie's 20news-bydate.tar.gz.
    archive: {
      filename: '20news-bydate.tar.gz',
      url: 'https://ndownloader.figshare.com/files/5975967',
      sha256: '8f1b2514ca22a5ade8fbb9cfa5727df95fa587f4c87b786e15c759fa66d95610',
    },
  },
  notes: [
    'Label order: newsgroup names sorted alphabetically (as scikit-learn target_names).',
    'Posts are decoded as Latin-1, as scikit-learn does (73 posts are not valid UTF-8).',
    "remove: ['headers', 'footers', 'quotes'] strips them exactly as scikit-learn's fetch_20newsgroups(remove=...).",
  ],
};
