/** The demo's cast: ordinary customers, a few influencers, and one customer who will not let go. */
import type { Random } from "./random.ts";

export interface DemoAuthor {
  platformId: string;
  handle: string;
  name: string;
  followers: number;
  verified: boolean;
  language: string;
}

const FIRST = [
  "Ana",
  "Ben",
  "Carla",
  "Dev",
  "Elif",
  "Farid",
  "Greta",
  "Hugo",
  "Inés",
  "Jonas",
  "Kemi",
  "Lucas",
  "Maya",
  "Noah",
  "Olga",
  "Pedro",
  "Quinn",
  "Rosa",
  "Sven",
  "Tariq",
  "Uma",
  "Victor",
  "Wen",
  "Yara",
  "Zoé",
  "Mateus",
  "Léa",
  "Jan",
];
const LAST = [
  "Silva",
  "Müller",
  "Garcia",
  "Martin",
  "Okafor",
  "Rossi",
  "Dubois",
  "Schmidt",
  "Lopez",
  "Costa",
  "Nguyen",
  "Kowalski",
  "Fischer",
  "Moreau",
  "Santos",
  "Berg",
  "Ahmed",
  "Ortiz",
  "Lambert",
  "Weber",
];

/** Share of ordinary authors per language; English dominates as on most brands' feeds. */
const LANGUAGE_WEIGHTS: [string, number][] = [
  ["en", 0.5],
  ["es", 0.18],
  ["fr", 0.12],
  ["de", 0.1],
  ["pt", 0.1],
];

function language(random: Random): string {
  let r = random.next();
  for (const [lang, weight] of LANGUAGE_WEIGHTS) {
    r -= weight;
    if (r < 0) return lang;
  }
  return "en";
}

export function ordinaryAuthor(random: Random, index: number): DemoAuthor {
  const first = random.pick(FIRST);
  const last = random.pick(LAST);
  const style = random.int(3);
  const base =
    style === 0 ? `${first}${last}` : style === 1 ? `${first}_${last[0]}` : `${first.slice(0, 3)}${last}`;
  const handle = `${base
    .normalize("NFD")
    .replace(/[^A-Za-z_]/g, "")
    .toLowerCase()}${index}`;
  // Heavy-tailed like real follower counts: most have dozens to hundreds, a few tens of thousands.
  const followers = Math.floor(Math.exp(random.next() * random.next() * 11));
  return {
    platformId: `demo-user-${index}`,
    handle,
    name: `${first} ${last}`,
    followers,
    verified: followers > 20_000 && random.chance(0.3),
    language: language(random),
  };
}

export const INFLUENCERS: readonly DemoAuthor[] = [
  {
    platformId: "demo-vip-1",
    handle: "techwithtara",
    name: "Tara Bell",
    followers: 2_400_000,
    verified: true,
    language: "en",
  },
  {
    platformId: "demo-vip-2",
    handle: "elgadgetero",
    name: "Rafa Gadget",
    followers: 1_350_000,
    verified: true,
    language: "es",
  },
  {
    platformId: "demo-vip-3",
    handle: "marie_news",
    name: "Marie Laurent",
    followers: 5_100_000,
    verified: true,
    language: "fr",
  },
];

export const ANGRY_AUTHOR: DemoAuthor = {
  platformId: "demo-user-angry",
  handle: "frank_no_signal",
  name: "Frank Miller",
  followers: 312,
  verified: false,
  language: "en",
};
