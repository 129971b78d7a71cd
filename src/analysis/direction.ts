/**
 * Who a post is addressed to, from its structure first (author, reply target, channel, where the
 * brand's handle sits) and its words second (the brand named without a handle).
 */
import type { AnalysisInput, Direction, Labelled } from "../domain/analysis.ts";

const LEADING_HANDLES = /^(?:\s*[.]?@(\w+)[,:]?)+/;
const HANDLE = /@(\w+)/g;

function brandNames(handles: string[]): string[] {
  // "@deltaassist" -> "delta": strip common support-account suffixes to get the name people type.
  const names = new Set<string>();
  for (const h of handles) {
    names.add(h);
    const base = h.replace(/(help|support|care|cares|assist|service|team|official|_?uk|_?us)+$/i, "");
    if (base.length >= 3) names.add(base);
  }
  return [...names];
}

export function detectDirection(input: AnalysisInput): Labelled<Direction> {
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
  const text = input.text.length > 5000 ? input.text.slice(0, 5000) : input.text;
  const lead = LEADING_HANDLES.exec(text);
  if (lead) {
    const leading = [...lead[0].matchAll(HANDLE)].map((m) => m[1]!.toLowerCase());
    const hit = leading.find((h) => brands.includes(h));
    if (hit) return { label: "to_brand", confidence: 0.9, explanation: `opens by addressing @${hit}` };
  }
  const mentioned = [...text.matchAll(HANDLE)]
    .map((m) => m[1]!.toLowerCase())
    .find((h) => brands.includes(h));
  if (mentioned) {
    return { label: "about_brand", confidence: 0.75, explanation: `mentions @${mentioned} mid-text` };
  }
  const lower = text.toLowerCase();
  const named = brandNames(brands).find((n) =>
    new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(n)}($|[^\\p{L}\\p{N}])`, "u").test(lower),
  );
  if (named)
    return {
      label: "about_brand",
      confidence: 0.6,
      explanation: `names the brand ("${named}") without a handle`,
    };
  return {
    label: "unrelated",
    confidence: brands.length > 0 ? 0.7 : 0.5,
    explanation: "no brand handle, reply or name",
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
