/** The `mastodon` kind: a Mastodon account (or any server with its client API), polled and answered. */
import type { ConnectorKind } from "../contract.ts";
import { createMastodonConnector } from "./connector.ts";
import { type MastodonSettings, mastodonSettings } from "./settings.ts";

export const mastodonKind: ConnectorKind<MastodonSettings> = {
  kind: "mastodon",
  label: "Mastodon",
  platform: "mastodon",
  mode: "poll",
  requireMatch: false,
  requireMatchFor: (settings) => settings.requireMatch,
  settings: mastodonSettings,
  credentials: ["accessToken"],
  // Mastodon's default limit; servers may set another (their /api/v2/instance says).
  replies: { public: true, private: true, maxLength: 500 },
  create: (source) => createMastodonConnector(source),
};
