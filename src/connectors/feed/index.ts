/** The `feed` kind: RSS 1.0 and 2.0, Atom and JSON Feed, polled over HTTP. */
import type { ConnectorKind } from "../contract.ts";
import { createFeedConnector } from "./connector.ts";
import { type FeedSettings, feedSettings } from "./settings.ts";

export const feedKind: ConnectorKind<FeedSettings> = {
  kind: "feed",
  label: "RSS, Atom or JSON Feed",
  platform: "rss",
  mode: "poll",
  requireMatch: true,
  requireMatchFor: (settings) => settings.requireMatch,
  settings: feedSettings,
  credentials: [],
  create: (source) => createFeedConnector(source),
};
