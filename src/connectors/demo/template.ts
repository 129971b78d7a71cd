/** Fills `{slot}` placeholders with values drawn from the shared lists or the language pack. */
import { DEMO_BRAND } from "./brand.ts";
import type { DemoIntent, LanguagePack, Mood } from "./languages/types.ts";
import type { Random } from "./random.ts";

const DEVICES = [
  "iPhone 16",
  "Galaxy S25",
  "Pixel 9",
  "Fairphone 5",
  "Moto G",
  "Xperia 10",
  "Nokia G42",
  "OnePlus 12",
];
const BRAND_NAMES = ["Lumen", "Lumen Mobile", "@lumenmobile", "#LumenMobile", "lumen mobile"];
const TAGS: Record<Mood, readonly string[]> = {
  negative: ["#LumenDown", "#fail", "#customerservice", "#outage", "#nosignal"],
  positive: ["#happycustomer", "#5G", "#LumenMobile"],
  neutral: ["#5G", "#help", "#followback", "#giveaway", "#tech"],
};
/** Emoji by mood: an angry face never ends a post of praise, nor a thumbs-up a complaint. */
export const EMOJI: Record<Mood, readonly string[]> = {
  negative: ["😡", "🙄", "😤", "🤦", "😠", "👎", "😞", "", ""],
  positive: ["👍", "🙏", "😊", "🎉", "👏", "🙌", "❤️", "", ""],
  neutral: ["📱", "🤔", "👀", "", "", ""],
};
const CURRENCY: Record<string, (n: number) => string> = {
  en: (n) => `$${n}`,
  pt: (n) => `R$${n}`,
};

export function moodOf(intent: DemoIntent): Mood {
  if (intent === "complaint") return "negative";
  if (intent === "praise") return "positive";
  return "neutral";
}

function shared(slot: string, pack: LanguagePack, random: Random, mood: Mood): string | undefined {
  switch (slot) {
    case "to":
      return `@${random.chance(0.6) ? DEMO_BRAND.handles.main : DEMO_BRAND.handles.support}`;
    case "brand":
      return random.pick(BRAND_NAMES);
    case "plan":
      return random.pick(DEMO_BRAND.products);
    case "device":
      return random.pick(DEVICES);
    // Two or more, so "{n} times" and "{hours} hours" never read "1 times".
    case "n":
      return String(2 + random.int(8));
    case "hours":
      return String(2 + random.int(5));
    case "amount": {
      const n = 10 + random.int(110);
      return (CURRENCY[pack.language] ?? ((v: number) => `${v} €`))(n);
    }
    case "tag":
      return random.pick(TAGS[mood]);
    case "emoji":
      return random.pick(EMOJI[mood]);
    default:
      return undefined;
  }
}

/**
 * A language's own values win over the shared ones: a Spanish post names Spanish cities. Some
 * posts end with closing words of the same mood, so one template reads several ways.
 */
export function fillTemplate(
  template: string,
  pack: LanguagePack,
  random: Random,
  intent: DemoIntent = "other",
): string {
  const mood = moodOf(intent);
  const text = template.replace(/\{(\w+)\}/g, (whole, slot: string) => {
    const values = pack.slots[slot];
    if (values) return random.pick(values);
    return shared(slot, pack, random, mood) ?? whole;
  });
  // Spam and chatter end as they are: closing words belong to people talking to the brand.
  const talking = intent !== "spam" && intent !== "other";
  const picked = talking && random.chance(0.6) ? random.pick(pack.tails[mood]) : "";
  // "Unbelievable. Unbelievable." reads as a bug, not as anger.
  const tail =
    picked && !text.toLowerCase().includes(picked.toLowerCase().replace(/[.!]$/, "")) ? picked : "";
  const joined = tail && /[\p{L}\p{N}]$/u.test(text.trim()) ? `${text.trim()}. ${tail}` : `${text} ${tail}`;
  return joined.replace(/ {2,}/g, " ").trim();
}
