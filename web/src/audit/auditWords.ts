/** Plain words for the audit log's actions and a readable line for what an entry recorded. */

const ACTION_WORDS: Record<string, string> = {
  "campaign.create": "Created a campaign",
  "campaign.update": "Changed a campaign",
  "campaign.delete": "Deleted a campaign",
  "user.create": "Added a user",
  "user.role_change": "Changed a role",
  "user.disable": "Disabled a user",
  "user.enable": "Enabled a user",
  "user.password_change": "Changed a password",
  "user.second_factor_on": "Turned on a second factor",
  "user.second_factor_off": "Turned off a second factor",
  "token.create": "Created an API token",
  "token.revoke": "Revoked an API token",
  "post.correct": "Corrected a post",
  "taxonomy.set": "Set the taxonomy",
  "priority.set": "Changed priority weights",
  "work_item.hand_off": "Handed a work item off",
  "work_item.handled_external": "Work item handled by the contact center",
  "work_item.returned_from_handoff": "Work item back from a hand-off",
  "work_item.reopened": "Work item reopened by the customer's post",
  "handoff.status": "Contact center reported a hand-off's status",
  "handoff_endpoint.created": "Set the hand-off endpoint",
  "handoff_endpoint.updated": "Changed the hand-off endpoint",
  "routing_rule.create": "Added a routing rule",
  "routing_rule.update": "Changed a routing rule",
  "routing_rule.reorder": "Reordered the routing rules",
  "routing_rule.delete": "Deleted a routing rule",
  "template.create": "Added a reply template",
  "template.update": "Changed a reply template",
  "template.delete": "Deleted a reply template",
  "approval_rule.create": "Added an approval rule",
  "approval_rule.update": "Changed an approval rule",
  "approval_rule.delete": "Deleted an approval rule",
  "user.trainee_on": "Marked a user as a trainee",
  "user.trainee_off": "Ended a user's traineeship",
  "reply.awaiting_approval": "Wrote a reply held for approval",
  "reply.approve": "Approved a reply",
  "reply.edit_approve": "Edited and approved a reply",
  "reply.reject": "Rejected a reply",
  "survey.settings": "Changed the survey settings",
  "alert_rule.created": "Added an alert rule",
  "alert_rule.updated": "Changed an alert rule",
  "alert_rule.deleted": "Deleted an alert rule",
  "alert_rule.secret_rotated": "Rotated an alert rule's signing secret",
};

export function actionWords(action: string): string {
  if (ACTION_WORDS[action]) return ACTION_WORDS[action];
  const [entity, verb] = action.split(".");
  if (entity === "work_item" && verb) return `${verb[0]!.toUpperCase()}${verb.slice(1)} a work item`;
  return action;
}

/** `key: value` pairs in one line; values that are not text are shown as JSON. Rendered as text. */
export function detailLine(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(" · ");
}
