import { de } from "./de.ts";
import { en } from "./en.ts";
import { es } from "./es.ts";
import { fr } from "./fr.ts";
import { pt } from "./pt.ts";
import type { LanguagePack } from "./types.ts";

export const LANGUAGE_PACKS: Readonly<Record<string, LanguagePack>> = { en, es, fr, de, pt };
