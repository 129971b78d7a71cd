/** The API's shapes for templates, approvals and surveys, shared with the server's view types. */
export type { ApprovalCondition } from "../../../src/domain/approval.ts";
export type {
  ApprovalRuleView,
  ApprovalView,
  ItemTemplatesView,
  SurveyScoresView,
  TemplateView,
} from "../../../src/domain/engagementViews.ts";
export type { SurveySettings } from "../../../src/domain/survey.ts";
export type { TemplateVariable, TemplateVersion } from "../../../src/domain/templates.ts";
