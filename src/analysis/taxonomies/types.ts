/** A taxonomy is a list of example posts with their topic label; a topic model is trained from it. */
export interface TopicExample {
  text: string;
  label: string;
}

export function examples(byLabel: Record<string, string[]>): TopicExample[] {
  return Object.entries(byLabel).flatMap(([label, texts]) => texts.map((text) => ({ text, label })));
}
