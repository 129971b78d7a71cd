/**
 * Finds a brand named without its handle. Strong: a multi-word name ("Lumen Mobile"), a hashtag or
 * bare word equal to a handle ("#lumenmobile", "lumenhelp"). Weak: a single word, given or taken
 * from a handle's stem ("lumenhelp" -> "lumen"), which counts only beside a customer-relationship
 * word and not as a unit after a number ("800 lumen").
 */

export interface NamedBrand {
  name: string;
  strong: boolean;
  /** For a weak match, the word that made it brand-like. */
  context?: string;
}

/** Words of a customer relationship with a company, across industries. */
const CONTEXT =
  /\b(orders?|deliver(y|ed)|parcel|package|shipping|refund(ed|s)?|charg(e|ed|es)|bill(s|ing)?|invoice|account|subscription|plan|contract|customers?|service|support|help ?desk|helpline|agent|app|website|online|stores?|shop|outage|signal|network|coverage|wi-?fi|internet|broadband|mobile data|flights?|booking|reservation|tickets?|luggage|baggage|cancel(led|ed)?|switch(ed|ing)? (to|from)|upgrade|prices?|deal|warranty|repair|replacement|complain(t|ed)?|on hold|phone|sim|dropped calls?|customer care|tariff|delays?|(?:any ?(?:one|body)|who(?:'s| is)) (?:using|on|with|tried)|(?:years|months) (?:on|with)|been with|moved to)\b|\b(?:pedidos?|factura|cuenta|tarifa|env[ií]os?|reembolso|servicio|atenci[oó]n al cliente|tienda|comprar|contratar|commandes?|facture|compte|livraison|rembours\w+|abonnement|forfait|service client|boutique|acheter|bestellung|rechnung|konto|lieferung|tarif|vertrag|kundenservice|kundendienst|paket|kaufen|encomenda|fatura|conta|entrega|plano|atendimento|loja|ordine|fattura|conto|consegna|abbonamento|assistenza|negozio|comprare|bestelling|factuur|rekening|levering|klantenservice|winkel|kopen)(?![\w\u00C0-\u024F])/i;

export interface BrandMatcher {
  find(text: string): NamedBrand | undefined;
}

const SUFFIX = /(help|support|care|cares|assist|service|team|official|_?uk|_?us)+$/i;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function build(handles: readonly string[], names: readonly string[]): BrandMatcher {
  const strong = new Set<string>();
  const weak = new Set<string>();
  for (const h of handles) {
    strong.add(h);
    const stem = h.replace(SUFFIX, "");
    if (stem.length >= 3 && stem !== h) weak.add(stem);
  }
  for (const raw of names) {
    const words = raw.toLowerCase().trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    if (words.length > 1) {
      strong.add(words.join(" "));
      strong.add(words.join(""));
    } else if (words[0]!.length >= 2) weak.add(words[0]!);
  }
  for (const s of strong) weak.delete(s);
  const alt = (set: Set<string>) =>
    [...set]
      .sort((a, b) => b.length - a.length)
      .map((n) => escapeRegExp(n).replace(/ /g, "\\s+"))
      .join("|");
  const bound = (body: string) =>
    body ? new RegExp(`(?:^|[^\\p{L}\\p{N}])#?(${body})(?=$|[^\\p{L}\\p{N}])`, "iu") : null;
  const strongRe = bound(alt(strong));
  const weakRe = weak.size
    ? new RegExp(`(^|[^\\p{L}\\p{N}])(${alt(weak)})(?=$|[^\\p{L}\\p{N}])`, "giu")
    : null;
  return {
    find(text) {
      const s = strongRe?.exec(text);
      if (s) return { name: s[1]!.toLowerCase(), strong: true };
      if (!weakRe) return undefined;
      const ctx = CONTEXT.exec(text);
      if (!ctx) return undefined;
      weakRe.lastIndex = 0;
      for (const m of text.matchAll(weakRe)) {
        // "800 lumen", "5 delta": a word used as a unit after a number is not the brand.
        const before = text.slice(Math.max(0, m.index - 4), m.index + m[1]!.length);
        if (/\d\s*$/.test(before)) continue;
        return { name: m[2]!.toLowerCase(), strong: false, context: ctx[0].toLowerCase() };
      }
      return undefined;
    },
  };
}

const cache = new Map<string, BrandMatcher>();

/** The matcher for one brand's handles and names; compiled once per brand, not per post. */
export function brandMatcher(handles: readonly string[], names: readonly string[] = []): BrandMatcher {
  const key = `${handles.join(",")}|${names.join(",")}`;
  let m = cache.get(key);
  if (!m) {
    if (cache.size >= 256) cache.clear();
    m = build(handles, names);
    cache.set(key, m);
  }
  return m;
}
