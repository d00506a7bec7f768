/** Short example articles written for this page (not taken from any dataset). */
export const EXAMPLES: Array<{ title: string; text: string }> = [
  {
    title: 'Sport',
    text:
      'The striker scored twice in the second half as the champions came from behind to win 3-1 ' +
      'at home on Saturday. The manager praised his players after the match, saying the team ' +
      'showed great character. The victory lifts the club to the top of the league table ahead ' +
      "of next week's cup final, and the coach expects the injured captain to return for it.",
  },
  {
    title: 'Business',
    text:
      'Shares in the retailer fell 8% after it warned that annual profits would be lower than ' +
      'expected. The company blamed weak consumer spending and rising costs, and said it would ' +
      "close forty stores. Analysts said the firm's sales growth had slowed, while the central " +
      'bank is expected to keep interest rates unchanged as inflation eases.',
  },
  {
    title: 'Politics',
    text:
      "The prime minister faced tough questions from MPs on Wednesday over the government's " +
      'plans for the election. The opposition leader accused ministers of breaking promises on ' +
      'taxes and public services, and Labour and Conservative party officials clashed over the ' +
      'proposed bill, which will be debated in the Commons next month.',
  },
  {
    title: 'Tech',
    text:
      'A new mobile phone that can download films over broadband networks goes on sale next ' +
      'month. The software firm behind it says users will be able to store thousands of songs ' +
      'and play online games. Experts warned that computer viruses and spam aimed at handsets ' +
      'are a growing problem for technology companies and their customers.',
  },
  {
    title: 'Entertainment',
    text:
      "The singer's new album went straight to number one in the charts, and her film " +
      'co-star won best actress at the awards ceremony on Sunday night. The director thanked the ' +
      'cast and said the movie, which took a record amount at the box office, would get a sequel. ' +
      'The band will also begin a world tour in the summer.',
  },
  {
    title: 'HTML',
    text: '<b>Bold?</b> <script>alert("x")</script> <img src=x onerror=alert(1)> The team won.',
  },
  {
    title: 'Non-Latin',
    text: 'Ποδόσφαιρο: η ομάδα κέρδισε 2-1. Футбол: команда победила. 足球比赛 サッカー 🏆 The team won the cup final.',
  },
];
