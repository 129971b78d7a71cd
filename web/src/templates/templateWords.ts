/**
 * What each template variable becomes, and a version's preview: its text filled with example
 * values by the same one-pass renderer replies use, or the problem that would stop it. Pure.
 */
import { renderTemplate, TEMPLATE_VARIABLES, type TemplateVariable } from "../../../src/domain/templates.ts";

export { TEMPLATE_VARIABLES, type TemplateVariable };

export const VARIABLE_WORDS: Record<TemplateVariable, string> = {
  customer_name: "the author's name, or their @handle when they give none",
  order_number: "typed by the agent when they insert the template",
  agent_name: "the name of the agent who answers",
  brand_name: "the brand's first name in Settings (else the workspace's name)",
};

export type Preview = { text: string } | { problem: string };

/** The text with every variable filled from `values`, or the sentence saying what is wrong. */
export function preview(text: string, values: Record<TemplateVariable, string>): Preview {
  if (!text.trim()) return { problem: "Write the text first." };
  try {
    return { text: renderTemplate(text, values) };
  } catch (failure) {
    return { problem: (failure as Error).message };
  }
}
