/**
 * General chatter for the firehose case of the filter benchmark: posts about sport, food, weather,
 * music and travel in six languages, none of which uses a campaign keyword. Seeded, so every run
 * sees the same stream. A fragment naming any word, hashtag, handle or prefix of a campaign query
 * is left out before generation, so chatter reaches no campaign by construction; the benchmark
 * still counts what matches rather than trusting this.
 */
import { createRandom } from "../src/connectors/demo/random.ts";
import { tokenizeForMatch } from "../src/domain/matchTokens.ts";
import { parseQuery, type QueryNode } from "../src/domain/query.ts";

type Topic = "sport" | "food" | "weather" | "music" | "travel";

/** Per language: fragments per topic, and openers and closers shared by all topics. */
const PACKS: Record<string, { topics: Record<Topic, string[]>; open: string[]; close: string[] }> = {
  en: {
    topics: {
      sport: [
        "what a match last night",
        "that goal in the 89th minute",
        "our keeper saved everything",
        "marathon training is going well",
        "the derby ended in a draw",
      ],
      food: [
        "made ramen from scratch",
        "best tacos in town",
        "sourdough finally rose properly",
        "grandma's lasagna recipe never fails",
        "trying a new curry place",
      ],
      weather: [
        "finally some sunshine",
        "it will not stop raining",
        "first snow of the winter",
        "so humid outside",
        "storm warning for the coast",
      ],
      music: [
        "this album is on repeat",
        "concert tickets sold out in minutes",
        "learning guitar chords",
        "the festival lineup looks amazing",
        "vinyl shopping all afternoon",
      ],
      travel: [
        "landed in Lisbon",
        "train across the Alps",
        "packing for the beach",
        "the museum queue was worth it",
        "hiking trail with a view",
      ],
    },
    open: ["honestly", "lol", "okay so", "anyone else think", "just saying", "", "", ""],
    close: ["🙌", "😂", "love it", "can't wait", "so good", "", "", "#weekend", "#vibes"],
  },
  es: {
    topics: {
      sport: [
        "qué partido anoche",
        "golazo en el último minuto",
        "el derbi terminó empatado",
        "entreno para la media maratón",
      ],
      food: [
        "paella de domingo con la familia",
        "churros con chocolate",
        "tortilla con cebolla siempre",
        "tapas en el barrio",
      ],
      weather: ["por fin sale el sol", "llueve sin parar", "qué calor hace hoy", "niebla en toda la ciudad"],
      music: ["este disco me encanta", "entradas agotadas para el concierto", "aprendiendo a tocar el piano"],
      travel: ["rumbo a Sevilla", "vacaciones en la playa", "mochila lista para el camino"],
    },
    open: ["bueno", "jaja", "oye", "", ""],
    close: ["😍", "👏", "qué ganas", "", "#finde"],
  },
  fr: {
    topics: {
      sport: ["quel match hier soir", "but magnifique à la fin", "le Tour passe chez nous demain"],
      food: ["croissants tout chauds ce matin", "raclette entre amis", "la tarte aux pommes de mamie"],
      weather: ["enfin du soleil", "il pleut encore", "grosse chaleur à Lyon"],
      music: ["ce festival était génial", "nouvel album en boucle", "répétition avec le groupe"],
      travel: ["en route pour Marseille", "week-end à la montagne", "le train de nuit pour Nice"],
    },
    open: ["bon", "franchement", "", ""],
    close: ["😊", "trop bien", "", "#vacances"],
  },
  pt: {
    topics: {
      sport: ["que jogo ontem", "golo no último minuto", "o clássico acabou empatado"],
      food: ["pastel de nata quentinho", "feijoada de sábado", "churrasco com os amigos"],
      weather: ["finalmente sol em Lisboa", "chuva o dia todo", "calor demais"],
      music: ["esse show foi incrível", "ouvindo fado à noite", "playlist nova pra viagem"],
      travel: ["partiu Porto", "praia no fim de semana", "mochilão pela serra"],
    },
    open: ["gente", "kkk", "", ""],
    close: ["🇵🇹", "que saudade", "", "#verão"],
  },
  de: {
    topics: {
      sport: ["was für ein Spiel gestern", "Tor in der Nachspielzeit", "Laufen am Rhein heute früh"],
      food: ["Brezeln zum Frühstück", "Spätzle wie bei Oma", "Biergarten am Abend"],
      weather: ["endlich Sonne", "schon wieder Regen", "Schnee in Bayern"],
      music: ["das Konzert war großartig", "neue Platte läuft rauf und runter"],
      travel: ["Zugfahrt nach Hamburg", "Urlaub an der Ostsee", "Wanderung im Schwarzwald"],
    },
    open: ["also", "ehrlich", "", ""],
    close: ["😎", "herrlich", "", "#urlaub"],
  },
  it: {
    topics: {
      sport: ["che partita ieri sera", "gol all'ultimo minuto", "giro in bici sulle colline"],
      food: ["pizza napoletana perfetta", "carbonara della nonna", "gelato al pistacchio"],
      weather: ["finalmente il sole", "piove da tre giorni", "afa a Roma"],
      music: ["concerto stupendo", "nuovo disco in loop"],
      travel: ["in viaggio verso Firenze", "mare in Sardegna", "treno per Venezia"],
    },
    open: ["dai", "allora", "", ""],
    close: ["🍕", "bellissimo", "", "#estate"],
  },
};

const TOPICS: Topic[] = ["sport", "food", "weather", "music", "travel"];
const LANGUAGES = Object.keys(PACKS);

/** Every word, hashtag, handle and prefix the campaign queries name. */
function campaignKeys(queries: readonly string[]) {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  const walk = (n: QueryNode): void => {
    if (n.kind === "term") exact.add(n.value);
    else if (n.kind === "prefix") prefixes.push(n.value);
    else if (n.kind === "hashtag") exact.add(`#${n.value}`).add(n.value);
    else if (n.kind === "handle") exact.add(`@${n.value}`).add(n.value);
    else if (n.kind === "phrase") for (const w of n.words) exact.add(w);
    else if (n.kind === "not") walk(n.child);
    else for (const c of n.children) walk(c);
  };
  for (const q of queries) walk(parseQuery(q));
  return (fragment: string): boolean => {
    const t = tokenizeForMatch(fragment);
    return [...t.words, ...t.tags].some((w) => exact.has(w) || prefixes.some((p) => w.startsWith(p)));
  };
}

export interface ChatterPost {
  id: string;
  text: string;
  author: { id: string; handle: string; name: string; followers: number };
  created_at: string;
  url: string;
  platform: string;
  language?: string;
}

/** A seeded generator of chatter posts that avoid every keyword of the given campaign queries. */
export function createChatter(seed: number, queries: readonly string[]) {
  const usesKeyword = campaignKeys(queries);
  const keep = (list: string[]) => list.filter((f) => f === "" || !usesKeyword(f));
  const packs = LANGUAGES.map((language) => {
    const p = PACKS[language]!;
    const topics = TOPICS.map((t) => keep(p.topics[t])).filter((l) => l.length > 0);
    return { language, topics, open: keep(p.open), close: keep(p.close) };
  });
  const random = createRandom(seed);
  let counter = 0;
  let clock = Date.UTC(2025, 2, 1);
  const friend = () => `@${random.pick(["marta", "joe", "lu", "sam", "kai", "ines"])}_${random.int(100)}`;
  return {
    next(): ChatterPost {
      counter++;
      clock += random.int(40);
      const pack = random.pick(packs);
      const topic = random.pick(pack.topics);
      const parts = [random.pick(pack.open), random.pick(topic)];
      // A second thought, on the same topic or another, never the first one repeated.
      if (random.chance(0.4)) {
        const more = random.pick(random.chance(0.5) ? topic : random.pick(pack.topics));
        if (more !== parts[1]) parts.push(more);
      }
      if (random.chance(0.15)) parts.push(friend());
      parts.push(random.pick(pack.close));
      const handle = `fan${(counter * 7919) % 50_000}`;
      const post: ChatterPost = {
        id: `chat-${counter}`,
        text: parts.filter((p) => p !== "").join(" "),
        author: { id: `u${handle}`, handle, name: handle, followers: random.int(5000) },
        created_at: new Date(clock).toISOString(),
        url: `https://social.invalid/${handle}/status/${counter}`,
        platform: "webhook",
      };
      if (random.chance(0.7)) post.language = pack.language;
      return post;
    },
  };
}
