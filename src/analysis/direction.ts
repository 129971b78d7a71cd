/**
 * Who a post is addressed to, from its structure first (author, reply target, channel, where the
 * brand's handle sits) and its words second (the brand named without a handle).
 *
 * A brand's name alone is weak evidence when it is an ordinary word ("lumen", "delta", "orange"),
 * so single-word names count only beside words of a customer relationship (an order, a bill, the
 * app, the signal); full multi-word names, hashtags and handles count by themselves.
 */
import type { AnalysisInput, Direction, Labelled } from "../domain/analysis.ts";
import { brandMatcher } from "./brandNames.ts";

const LEADING_HANDLES = /^(?:\s*[.]?@(\w+)[,:]?)+/;
const HANDLE = /@(\w+)/g;

/**
 * Words that, put before a handle at the start of a post, speak to its owner: a greeting, thanks
 * or a call for help ("hey @brand", "thank you @brand", "somebody from @brand please help").
 */
const VOCATIVE_OPENER =
  /^[^\p{L}\p{N}@]*(?:(?:hi|hey|hello|yo|dear|ok|okay|so|um|ugh|well|wow|help|please|pls|plz|thanks|thank\s+you|thx|ty|hola|buenas|gracias|oye|bonjour|salut|merci|hallo|danke|moin|servus|ol[aá]|oi|obrigad[oa]|ciao|salve|grazie|hoi|bedankt|dank\s+je)(?![\p{L}\p{N}])[^\p{L}\p{N}@]*)+$/iu;
/** A handle read as the one spoken to when these follow it: punctuation of address, a second person, a question or a plea. */
const ADDRESSED_AFTER =
  /^(?:\s*[,:!?]|\s+(?:you|your|you're|youre|y'?all|u|ur|pls|please|plz|can|could|would|will|why|how|what|when|where|is|are|do|does|did|any|help|fix|stop|give|get|send|tell|care|thanks|thank|tu|vous|votre|vos|usted|ustedes|su|sus|por\s+favor|ihr|euer|eure|du|dein|deine|bitte|voc[eê]|voc[eê]s|vi|voi|lei|per\s+favore|jij|jullie|u|alstublieft)\b)/i;
/** Words before a handle that make it a thing spoken of ("near a @brand", "flew with @brand"), not someone spoken to. */
const SPOKEN_OF_BEFORE =
  /(?:^|\s)(?:a|an|the|at|to|from|with|on|by|for|in|of|into|via|my|our|their|his|her|and|or|than|like|about|called|de|del|la|el|en|con|du|des|le|les|chez|avec|mit|bei|von|der|die|das|do|da|no|na|com|di|il|con|van|het|bij|met)\s*$/i;
/** What may follow a closing handle: links, hashtags, other handles, emoji and punctuation. */
const TRAILER = /^(?:\s|[.,!?…:;)(]|https?:\/\/\S+|[#@]\w+|[^\p{L}\p{N}\s])*$/u;

/**
 * Whether a handle mentioned after the start of the post still addresses its owner: after a
 * greeting or thanks at the start, before a second person, a question or a plea, or closing the
 * post ("MY HOME BUTTON DOESN'T WORK @brand"), unless the words before it make it a thing spoken of.
 */
function addressedMidText(sample: string, index: number, handleLength: number): boolean {
  const before = sample.slice(0, index);
  if (VOCATIVE_OPENER.test(before)) return true;
  if (SPOKEN_OF_BEFORE.test(before)) return false;
  const after = sample.slice(index + handleLength);
  return ADDRESSED_AFTER.test(after) || TRAILER.test(after);
}

export function detectDirection(input: AnalysisInput, text = input.text): Labelled<Direction> {
  const brands = input.brandHandles.map((h) => h.toLowerCase());
  const author = input.author?.handle?.toLowerCase();
  if (input.author?.isBrand || (author !== undefined && brands.includes(author))) {
    return {
      label: "from_brand",
      confidence: 0.99,
      explanation: `author @${author ?? "brand"} is the brand`,
    };
  }
  if (input.channel === "private") {
    return { label: "to_brand", confidence: 0.95, explanation: "private message to the brand" };
  }
  const reply = input.replyToHandle?.toLowerCase();
  if (reply !== undefined && brands.includes(reply)) {
    return { label: "to_brand", confidence: 0.92, explanation: `replies to the brand's post (@${reply})` };
  }
  const quoted = input.quotesHandle?.toLowerCase();
  if (quoted !== undefined && brands.includes(quoted)) {
    return { label: "to_brand", confidence: 0.88, explanation: `quotes the brand's post (@${quoted})` };
  }
  const sample = text.length > 5000 ? text.slice(0, 5000) : text;
  if (sample.includes("@")) {
    const lead = LEADING_HANDLES.exec(sample);
    if (lead) {
      const hit = [...lead[0].matchAll(HANDLE)]
        .map((m) => m[1]!.toLowerCase())
        .find((h) => brands.includes(h));
      if (hit) return { label: "to_brand", confidence: 0.9, explanation: `opens by addressing @${hit}` };
    }
    const mention = [...sample.matchAll(HANDLE)].find((m) => brands.includes(m[1]!.toLowerCase()));
    const mentioned = mention ? mention[1]!.toLowerCase() : undefined;
    // A post that opens by addressing someone else speaks to them; otherwise the handle's place
    // says whether the brand is spoken to.
    if (mention && !lead && addressedMidText(sample, mention.index, mention[0].length)) {
      return { label: "to_brand", confidence: 0.8, explanation: `speaks to @${mentioned} mid-text` };
    }
    if (mentioned) {
      return { label: "about_brand", confidence: 0.75, explanation: `mentions @${mentioned} mid-text` };
    }
  }
  const named = brandMatcher(brands, input.brandNames).find(sample);
  if (named) {
    return {
      label: "about_brand",
      confidence: named.strong ? 0.7 : 0.55,
      explanation: named.strong
        ? `names the brand ("${named.name}") without a handle`
        : `names "${named.name}" in a customer context ("${named.context}")`,
    };
  }
  return {
    label: "unrelated",
    confidence: brands.length > 0 ? 0.7 : 0.5,
    explanation: "no brand handle, reply or name",
  };
}
