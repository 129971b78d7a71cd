/** Fills `{slot}` placeholders with values drawn from the shared lists or the language pack. */
import { DEMO_BRAND } from "./brand.ts";
import type { LanguagePack } from "./languages/types.ts";
import type { Random } from "./random.ts";

const DEVICES = ["iPhone 16", "Galaxy S25", "Pixel 9", "Fairphone 5", "Moto G", "Xperia 10"];
const BRAND_NAMES = ["Lumen", "Lumen Mobile", "@lumenmobile", "#LumenMobile", "lumen mobile"];
const TAGS = ["#LumenDown", "#fail", "#customerservice", "#5G", "#help", "#followback", "#giveaway"];
const EMOJI = ["😡", "🙄", "😤", "🤦", "👍", "🙏", "📱", "", ""];
const CURRENCY: Record<string, (n: number) => string> = {
  en: (n) => `$${n}`,
  pt: (n) => `R$${n}`,
};

function shared(slot: string, pack: LanguagePack, random: Random): string | undefined {
  switch (slot) {
    case "to":
      return `@${random.chance(0.6) ? DEMO_BRAND.handles.main : DEMO_BRAND.handles.support}`;
    case "brand":
      return random.pick(BRAND_NAMES);
    case "plan":
      return random.pick(DEMO_BRAND.products);
    case "device":
      return random.pick(DEVICES);
    case "n":
      return String(2 + random.int(8));
    case "hours":
      return String(1 + random.int(5));
    case "amount": {
      const n = 10 + random.int(110);
      return (CURRENCY[pack.language] ?? ((v: number) => `${v} €`))(n);
    }
    case "tag":
      return random.pick(TAGS);
    case "emoji":
      return random.pick(EMOJI);
    default:
      return undefined;
  }
}

/** A language's own values win over the shared ones: a Spanish post names Spanish cities. */
export function fillTemplate(template: string, pack: LanguagePack, random: Random): string {
  const text = template.replace(/\{(\w+)\}/g, (whole, slot: string) => {
    const values = pack.slots[slot];
    if (values) return random.pick(values);
    return shared(slot, pack, random) ?? whole;
  });
  return text.replace(/ {2,}/g, " ").trim();
}
