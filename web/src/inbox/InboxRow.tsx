import type { WorkItemView } from "../api/types.ts";
import { platformMark, platformName } from "../format/labels.ts";
import { compactCount } from "../format/numbers.ts";
import { fullTimestamp, shortAge } from "../format/time.ts";
import { conversationHref } from "../router.ts";
import { DemoBadge } from "../shell/DemoBadge.tsx";
import { VerifiedMark } from "../shell/icons.tsx";
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
  const classes = ["inbox-row", selected && "inbox-row--selected", change && `inbox-row--${change}`];
  return (
    <tr className={classes.filter(Boolean).join(" ")} data-work-item-id={item.id} aria-selected={selected}>
      <td className="col-priority">
        <PriorityMeter priority={item.priority} />
      </td>
      <td className="col-platform">
        <span className={`platform platform--${post.platform}`} title={platformName(post.platform)}>
          {platformMark(post.platform)}
        </span>
      </td>
      <td className="col-author">
        <span className="handle">@{post.author.handle}</span>
        {post.author.verified && <VerifiedMark />}
        <span className="followers" title={`${post.author.followers ?? "Unknown"} followers`}>
          {compactCount(post.author.followers)}
        </span>
      </td>
      <td className="col-text">
        {/* The link covers the whole row (CSS), so a click anywhere opens the conversation. */}
        <a className="row-link" href={conversationHref(item.conversationId, item.id)} onFocus={onSelect}>
          {post.demo && <DemoBadge />}
          <span className="row-text" title={post.text}>
            {post.text}
          </span>
        </a>
      </td>
      <td className="col-intent">{analysis ? <IntentChip intent={analysis.intent.label} /> : "—"}</td>
      <td className="col-sentiment">
        {analysis ? <SentimentMark sentiment={analysis.sentiment.label} /> : "—"}
      </td>
      <td className="col-urgency">{analysis ? <UrgencyMark urgency={analysis.urgency.level} /> : "—"}</td>
      <td className="col-age">
        <time dateTime={post.createdAt} title={fullTimestamp(post.createdAt)}>
          {shortAge(post.createdAt, now)}
        </time>
      </td>
      <td className="col-state">
        <AssigneeCell item={item} userId={userId} />
      </td>
    </tr>
  );
}
