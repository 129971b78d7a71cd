/**
 * Refuses passwords that guessing tools try first. The list is generated rather than shipped:
 * a few dozen words people pick, each with the decorations people add (digits, years, a symbol,
 * letters swapped for look-alike digits), plus keyboard walks, runs and repeats. A password is
 * common when, stripped of those decorations, what is left is such a word or pattern.
 */

const WORDS = [
  "password",
  "passwort",
  "motdepasse",
  "contrasena",
  "senha",
  "wachtwoord",
  "passw0rd",
  "pass",
  "qwerty",
  "azerty",
  "qwertz",
  "asdf",
  "zxcv",
  "letmein",
  "welcome",
  "admin",
  "administrator",
  "root",
  "login",
  "master",
  "secret",
  "changeme",
  "default",
  "guest",
  "test",
  "testing",
  "user",
  "iloveyou",
  "love",
  "lovely",
  "monkey",
  "dragon",
  "shadow",
  "sunshine",
  "princess",
  "football",
  "baseball",
  "soccer",
  "hockey",
  "superman",
  "batman",
  "trustno",
  "whatever",
  "freedom",
  "hello",
  "charlie",
  "michael",
  "jennifer",
  "jordan",
  "hunter",
  "killer",
  "starwars",
  "pokemon",
  "summer",
  "winter",
  "spring",
  "autumn",
  "flower",
  "cookie",
  "cheese",
  "chocolate",
  "computer",
  "internet",
  "access",
  "mustang",
  "ferrari",
  "harley",
  "ranger",
  "buster",
  "tigger",
  "ginger",
  "pepper",
  "matrix",
  "abc",
  "abcd",
  "abcdef",
  "parley",
  "support",
  "service",
  "customer",
  "company",
  "office",
  "welcome",
  "google",
  "facebook",
  "twitter",
  "linkedin",
  "apple",
  "samsung",
  "microsoft",
] as const;

const KEYBOARD_ROWS = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop", "qwertzuiop"];
const LOOK_ALIKES: Record<string, string> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "@": "a",
  $: "s",
  "!": "i",
};

const COMMON_WORDS: ReadonlySet<string> = new Set(WORDS);

/** A run of one character, or a stretch of a keyboard row or the alphabet, either way. */
function isPattern(text: string): boolean {
  if (text.length === 0) return true;
  if (new Set(text).size <= 2) return true;
  const sources = [...KEYBOARD_ROWS, "abcdefghijklmnopqrstuvwxyz", "0123456789"];
  return sources.some((s) => s.includes(text) || [...s].reverse().join("").includes(text));
}

/** The password without the digits, years and symbols around it, look-alikes read as letters. */
function core(password: string): string[] {
  const lower = password.toLowerCase();
  const stripped = lower.replace(/^[^a-z]+|[^a-z]+$/g, "");
  const readable = [...lower]
    .map((c) => LOOK_ALIKES[c] ?? c)
    .join("")
    .replace(/[^a-z]+$/g, "");
  return [stripped, readable, stripped.replace(/[^a-z]/g, ""), readable.replace(/[^a-z]/g, "")];
}

/** Whether a guessing tool would try this password among its first attempts. */
export function isCommonPassword(password: string, personal: readonly string[] = []): boolean {
  const lower = password.toLowerCase();
  if (isPattern(lower) || isPattern(lower.replace(/[^a-z0-9]/g, ""))) return true;
  // The user's own words: a short one only counts as the whole password, a longer one anywhere.
  const own = personal.flatMap((p) => p.toLowerCase().split(/[^a-z]+/)).filter((p) => p.length >= 3);
  for (const candidate of core(password)) {
    if (candidate.length < 4 || COMMON_WORDS.has(candidate) || isPattern(candidate)) return true;
    // A word repeated ("monkeymonkey") or a common word with a short tail ("dragonfly1").
    const half = candidate.slice(0, candidate.length / 2);
    if (candidate.length % 2 === 0 && half.repeat(2) === candidate && COMMON_WORDS.has(half)) return true;
    if (own.some((p) => candidate === p || (p.length >= 5 && candidate.includes(p)))) return true;
  }
  return false;
}
