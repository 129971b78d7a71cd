import type { WorkItemView } from "../api/types.ts";
import { sharedLabel } from "../conversation/OriginalNote.tsx";
import { shownIntent, shownSentiment } from "../format/corrections.ts";
import { platformName } from "../format/labels.ts";
import { compactCount } from "../format/numbers.ts";
import { fullTimestamp, shortAge } from "../format/time.ts";
import { conversationHref } from "../router.ts";
import { DemoBadge } from "../shell/DemoBadge.tsx";
import { VerifiedMark } from "../shell/icons.tsx";
import { SlaBadge } from "../sla/SlaBadge.tsx";
import { IntentChip, PriorityMeter, SentimentMark, UrgencyMark } from "./AnalysisChips.tsx";
import { AssigneeCell } from "./AssigneeCell.tsx";
import type { RowChange } from "./InboxContext.tsx";

interface InboxRowProps {
  item: WorkItemView;
  userId: string;
  now: number;
  selected: boolean;
  change: RowChange | undefined;
  onSelect(): void;
}

export function InboxRow({ item, userId, now, selected, change, onSelect }: InboxRowProps) {
  const { post } = item;
  const analysis = post.analysis;
  const intent = shownIntent(post);
  const sentiment = shownSentiment(post);
  const shared = sharedLabel(post.shared);
  const classes = ["inbox-row", selected && "inbox-row--selected", change && `inbox-row--${change}`];
  return (
    <tr className={classes.filter(Boolean).join(" ")} data-work-item-id={item.id}>
      <td className="col-priority">
        <PriorityMeter priority={item.priority} />
      </td>
      <td className="col-platform">
        <span className={`platform platform--${post.platform}`}>{platformName(post.platform)}</span>
      </td>
      <td className="col-post">
        {/* Author above text, as in a mail list: the text gets the width it needs to be read. */}
        <div className="row-author">
          <span className="handle">@{post.author.handle}</span>
          {post.author.verified && <VerifiedMark />}
          <span className="followers" title={`${post.author.followers ?? "Unknown"} followers`}>
            {compactCount(post.author.followers)} {post.author.followers === 1 ? "follower" : "followers"}
          </span>
          {shared && (
            <span className="shared" title="Posts that quote this one or repeat its words">
              {shared}
            </span>
          )}
          {post.demo && <DemoBadge />}
        </div>
        {/* The link covers the whole row (CSS), so a click anywhere opens the conversation. */}
        <a className="row-link" href={conversationHref(item.conversationId, item.id)} onFocus={onSelect}>
          <span className="row-text" title={post.text}>
            {post.text}
          </span>
        </a>
      </td>
      <td className="col-intent">{intent ? <IntentChip intent={intent} /> : "—"}</td>
      <td className="col-sentiment">{sentiment ? <SentimentMark sentiment={sentiment} /> : "—"}</td>
      <td className="col-urgency">{analysis ? <UrgencyMark urgency={analysis.urgency.level} /> : "—"}</td>
      <td className="col-age">
        <time dateTime={post.createdAt} title={fullTimestamp(post.createdAt)}>
          {shortAge(post.createdAt, now)}
        </time>
      </td>
      <td className="col-sla">
        <SlaBadge sla={item.sla} now={now} />
      </td>
      <td className="col-state">
        <AssigneeCell item={item} userId={userId} />
      </td>
    </tr>
  );
}
