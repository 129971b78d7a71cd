/**
 * Counts posts and distinct authors in a time window: trends and spikes weigh voices, not volume,
 * so one author posting fifty times counts once.
 */
export interface AuthoredPost {
  authorId: string;
  createdAt: Date | number;
}

export interface VoiceCount {
  posts: number;
  authors: number;
}

export function countVoices(
  posts: Iterable<AuthoredPost>,
  window?: { from: Date | number; to: Date | number },
): VoiceCount {
  const from = window ? +window.from : Number.NEGATIVE_INFINITY;
  const to = window ? +window.to : Number.POSITIVE_INFINITY;
  const authors = new Set<string>();
  let n = 0;
  for (const p of posts) {
    const t = +p.createdAt;
    if (t < from || t >= to) continue;
    n++;
    authors.add(p.authorId);
  }
  return { posts: n, authors: authors.size };
}
