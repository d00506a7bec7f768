/**
 * The Train tab's built-in sample: 4 topics x 48 short news snippets, generated from templates
 * written for this page (no dataset text). Each snippet combines a subject, an event and a
 * detail of its topic, so the topics share function words but not content words, and no two
 * snippets are the same.
 */
import type { LabelledTexts } from './columns.js';

interface Topic {
  name: string;
  subjects: string[];
  events: string[];
  details: string[];
}

const TOPICS: Topic[] = [
  {
    name: 'business',
    subjects: [
      'The central bank',
      'A large retailer',
      'Shares in the carmaker',
      'The oil company',
      'Investors',
      'The airline',
      'A struggling bank',
      'The mining group',
    ],
    events: [
      'reported higher quarterly profits',
      'cut its sales forecast',
      'agreed a takeover deal worth billions',
      'raised interest rates again',
      'announced thousands of job cuts',
      'saw its stock price fall sharply',
    ],
    details: [
      'as inflation hit consumer spending.',
      'after weak demand in export markets.',
      'while analysts expect slower growth.',
      'and the chief executive promised lower costs.',
      'amid rising fuel prices and a weaker currency.',
      'as shareholders pushed for a bigger dividend.',
    ],
  },
  {
    name: 'politics',
    subjects: [
      'The prime minister',
      'Opposition leaders',
      'The foreign secretary',
      'Members of parliament',
      'The governing party',
      'A senior minister',
      'The president',
      'Local councillors',
    ],
    events: [
      'called for an early general election',
      'voted against the new immigration bill',
      'promised to reform the health service',
      'faced questions over campaign funding',
      'announced a cabinet reshuffle',
      'signed a treaty with neighbouring countries',
    ],
    details: [
      'ahead of a tense vote in parliament.',
      'as polls showed support for the coalition falling.',
      'after a heated debate with rival parties.',
      'while voters wait for the budget announcement.',
      'and critics accused the government of delays.',
      'as the election campaign entered its final week.',
    ],
  },
  {
    name: 'sport',
    subjects: [
      'The champions',
      'England',
      'The home side',
      'A teenage striker',
      'The defending champion',
      'The national rugby team',
      'The tennis star',
      'The league leaders',
    ],
    events: [
      'won the cup final in extra time',
      'scored twice in the second half',
      'were knocked out of the tournament',
      'beat their rivals to reach the semi-final',
      'signed a new contract with the club',
      'set a world record at the championships',
    ],
    details: [
      'in front of a sold-out stadium.',
      'after a thrilling match that went to penalties.',
      'as the coach praised the young squad.',
      'despite an injury to the team captain.',
      'to stay top of the league table.',
      'and fans celebrated the first title in years.',
    ],
  },
  {
    name: 'tech',
    subjects: [
      'The software giant',
      'A start-up',
      'The smartphone maker',
      'Security researchers',
      'The search engine',
      'A games developer',
      'The chip designer',
      'Engineers',
    ],
    events: [
      'released a new operating system update',
      'unveiled a faster mobile processor',
      'found a flaw that exposes user passwords',
      'launched an online music service',
      'showed a prototype of a folding screen',
      'added artificial intelligence to its apps',
    ],
    details: [
      'for computers and tablets.',
      'that promises longer battery life.',
      'and urged users to install the patch.',
      'as broadband and wireless networks spread.',
      'at a gadget show in the United States.',
      'to compete with rival internet firms.',
    ],
  },
];

/** Snippets per topic. */
export const SAMPLE_PER_CLASS = 48;

/** The sample as labelled texts, classes in alphabetical order. */
export function builtInSample(): LabelledTexts {
  const texts: string[] = [];
  const labels: number[] = [];
  TOPICS.forEach((topic, label) => {
    for (let i = 0; i < SAMPLE_PER_CLASS; i++) {
      // 8 subjects x 6 events: i picks a distinct (subject, event) pair; the detail rotates.
      const subject = topic.subjects[i % topic.subjects.length]!;
      const event = topic.events[Math.floor(i / topic.subjects.length) % topic.events.length]!;
      const detail = topic.details[(i * 5 + 3) % topic.details.length]!;
      texts.push(`${subject} ${event} ${detail}`);
      labels.push(label);
    }
  });
  return { name: 'Built-in news sample', texts, labels, classes: TOPICS.map((t) => t.name) };
}

/** The sample as CSV text (text,label), e.g. to show the expected file format. */
export function builtInSampleCsv(): string {
  const s = builtInSample();
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [
    'text,label',
    ...s.texts.map((t, i) => `${quote(t)},${quote(s.classes[s.labels[i]!]!)}`),
  ].join('\n');
}
