/** The starter taxonomies a workspace can pick; each is trained into a topic model on first use. */
import { AIRLINE_TOPICS } from "./airline.ts";
import { RETAIL_TOPICS } from "./retail.ts";
import { SOFTWARE_TOPICS } from "./software.ts";
import { TELECOM_TOPICS } from "./telecom.ts";
import type { TopicExample } from "./types.ts";

export type { TopicExample } from "./types.ts";

export const STARTER_TAXONOMIES = {
  airline: AIRLINE_TOPICS,
  retail: RETAIL_TOPICS,
  telecom: TELECOM_TOPICS,
  software: SOFTWARE_TOPICS,
} as const satisfies Record<string, TopicExample[]>;

export type StarterTaxonomy = keyof typeof STARTER_TAXONOMIES;
