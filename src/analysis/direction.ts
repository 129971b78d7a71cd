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
  const sample = text.length > 5000 ? text.slice(0, 5000) : text;
  if (sample.includes("@")) {
    const lead = LEADING_HANDLES.exec(sample);
    if (lead) {
      const hit = [...lead[0].matchAll(HANDLE)]
        .map((m) => m[1]!.toLowerCase())
        .find((h) => brands.includes(h));
      if (hit) return { label: "to_brand", confidence: 0.9, explanation: `opens by addressing @${hit}` };
    }
    const mentioned = [...sample.matchAll(HANDLE)]
      .map((m) => m[1]!.toLowerCase())
      .find((h) => brands.includes(h));
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
