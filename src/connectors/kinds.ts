/** Every kind of source Parley ships: a plain list, read by the registry. Add a kind here. */
import { blueskyKind } from "./bluesky/index.ts";
import { jetstreamKind } from "./bluesky/jetstream.ts";
import type { ConnectorKind } from "./contract.ts";
import { demoKind } from "./demo/source.ts";
import { emailKind } from "./email/index.ts";
import { feedKind } from "./feed/index.ts";
import { fileKind } from "./import/fileSource.ts";
import { mastodonKind } from "./mastodon/index.ts";
import { webhookKind } from "./webhook/push.ts";

// biome-ignore lint/suspicious/noExplicitAny: each kind has its own settings type.
export const KINDS: readonly ConnectorKind<any>[] = [
  demoKind,
  feedKind,
  fileKind,
  mastodonKind,
  webhookKind,
  emailKind,
  blueskyKind,
  jetstreamKind,
];
