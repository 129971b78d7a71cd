/**
 * What text the stores can keep. PostgreSQL refuses NUL in text and an unpaired surrogate in
 * jsonb, and a value nested without end overflows the stack of whoever serializes it; these
 * checks find such values before they reach a store, so they are reported instead of failing a
 * whole batch.
 */

/** Deeper than any real payload; a limit keeps serializing and walking free of stack overflows. */
export const MAX_NESTING = 64;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why the string cannot be stored, or undefined when it can. */
export function unstorableReason(value: string): string | undefined {
  if (value.includes("\u0000")) return "contains a NUL character";
  // isWellFormed is a fast native check; the pattern runs only to confirm a rare failure.
  if (!value.isWellFormed() && LONE_SURROGATE.test(value)) return "contains an unpaired surrogate";
  return undefined;
}

export interface UnstorableFinding {
  /** Dotted path to the value (`author.name`, `tags.2`); empty for the value itself. */
  path: string;
  reason: string;
  /** The problem is the nesting depth rather than a string. */
  nesting: boolean;
}

/**
 * The first string (value or object key) that cannot be stored, or the first place nested deeper
 * than `maxNesting`, found without recursion.
 */
export function findUnstorable(value: unknown, maxNesting = MAX_NESTING): UnstorableFinding | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: "", depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === "string") {
      const reason = unstorableReason(v);
      if (reason) return { path, reason, nesting: false };
      continue;
    }
    if (typeof v !== "object" || v === null) continue;
    if (depth >= maxNesting) return { path, reason: `is nested deeper than ${maxNesting}`, nesting: true };
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    for (const [key, child] of entries) {
      const childPath = path ? `${path}.${key}` : key;
      const keyReason = unstorableReason(key);
      if (keyReason) return { path: childPath, reason: `has a key that ${keyReason}`, nesting: false };
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * Times the stores keep: a year 0000 or +275760 is a broken export or a forged value, and
 * PostgreSQL refuses some of them. Everything Parley stores lies between 1970 and 9999.
 */
export const EARLIEST_TIME = Date.UTC(1970, 0, 1);
export const LATEST_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function isStorableTime(time: number): boolean {
  return time >= EARLIEST_TIME && time <= LATEST_TIME;
}

/** Length in UTF-8 bytes, which is what index and column limits count. */
export function utf8Length(value: string): number {
  return Buffer.byteLength(value, "utf8");
}
