/** The `bluesky` kind: a Bluesky (AT Protocol) account signed in with an app password, polled and answered. */
import type { ConnectorKind } from "../contract.ts";
import { createBlueskyConnector } from "./connector.ts";
import { type BlueskySettings, blueskySettings } from "./settings.ts";

export const blueskyKind: ConnectorKind<BlueskySettings> = {
  kind: "bluesky",
  label: "Bluesky",
  platform: "bluesky",
  mode: "poll",
  requireMatch: false,
  requireMatchFor: (settings) => settings.requireMatch,
  settings: blueskySettings,
  credentials: ["appPassword"],
  // A post holds at most 300 graphemes; Parley counts characters, which is never more.
  replies: { public: true, private: false, maxLength: 300 },
  create: (source) => createBlueskyConnector(source),
};
