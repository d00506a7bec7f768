/** The datasets the news models are trained on: where their archives are and how their splits are read. */
import { type NewsgroupsRemove, toArray } from '@tfnlp/datasets';
import { agNews, bbcNews, newsgroups } from '@tfnlp/datasets/node';
import type { NewsRecipe } from '../pipeline/recipe.js';

/** One example of a news dataset (20news: `group` names its class, `id` its post number). */
export interface NewsExample {
  text: string;
  label: number;
  id?: number | string;
  group?: string;
}

/** A dataset's train and test splits, and how its test split was made. */
export interface LoadedDataset {
  train: NewsExample[];
  test: NewsExample[];
  split: string;
}

/** One news dataset: its name, archive (under the shared data folder), labels and loader. */
export interface NewsDataset {
  name: string;
  file: string;
  /** null: the labels come from the examples (20news: the group names). */
  labels: string[] | null;
  load(path: string, seed: number, remove: readonly string[]): Promise<LoadedDataset>;
}

/** The datasets by recipe id. */
export const DATASETS: Readonly<Record<NewsRecipe['dataset'], NewsDataset>> = {
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
    load: async (path, _seed, removeList) => {
      const remove = removeList as readonly NewsgroupsRemove[];
      return {
        train: await toArray(newsgroups({ path, split: 'train', remove })),
        test: await toArray(newsgroups({ path, split: 'test', remove })),
        split: `bydate test split${remove.length ? `, ${remove.join('/')} removed` : ''}`,
      };
    },
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
