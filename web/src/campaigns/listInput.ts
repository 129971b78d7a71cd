/** The campaign form keeps lists as typed text; these turn it into what the API takes. */

/** "en, FR  de" → ["en", "fr", "de"]; anything that is not two letters is reported, not sent. */
export function parseLanguages(text: string): { languages: string[]; invalid: string[] } {
  const words = splitList(text).map((word) => word.toLowerCase());
  return {
    languages: [...new Set(words.filter((word) => /^[a-z]{2}$/.test(word)))],
    invalid: words.filter((word) => !/^[a-z]{2}$/.test(word)),
  };
}

/** "@alice, bob" → ["alice", "bob"]: people paste handles with or without the @. */
export function parseHandles(text: string): string[] {
  return [
    ...new Set(
      splitList(text)
        .map((word) => word.replace(/^@/, ""))
        .filter(Boolean),
    ),
  ];
}

function splitList(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}
