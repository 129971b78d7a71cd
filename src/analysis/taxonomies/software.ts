/** Starter topics for software products, written for Parley as short example posts per topic. */
import { examples } from "./types.ts";

export const SOFTWARE_TOPICS = examples({
  bug: [
    "the app crashes every time I open settings",
    "after the update the export button does nothing",
    "getting an error 500 when saving a file",
    "the sync keeps creating duplicate entries",
    "dark mode breaks the layout on the dashboard",
    "notifications stopped arriving after the last release",
  ],
  login_account: [
    "I cannot log in, it says my password is wrong",
    "two factor codes never arrive",
    "locked out of my account after the reset",
    "single sign on stopped working for our team",
    "how do I change the email on my account",
    "someone else logged into my account",
  ],
  performance: [
    "the editor is painfully slow with large files",
    "app takes a minute to load on my laptop",
    "the website is lagging and timing out",
    "search is so slow it is unusable",
    "battery drains fast since the update",
    "pages hang for ages before loading",
  ],
  billing_subscription: [
    "I was charged after cancelling my subscription",
    "how do I downgrade to the free plan",
    "the annual renewal took money without warning",
    "need an invoice with our company details",
    "is there a student discount on the pro plan",
    "refund please, I was billed twice",
  ],
  feature_request: [
    "please add an offline mode",
    "would love a way to export to csv",
    "it would be nice to have keyboard shortcuts",
    "any plans for a linux version",
    "you should let us share boards with guests",
    "feature request: scheduled reports",
  ],
  data_loss: [
    "all my notes vanished after the sync",
    "my files are gone from the cloud folder",
    "the update wiped my saved projects",
    "lost a week of work, is there a backup",
    "photos disappeared from the library",
    "document history is empty, where did my edits go",
  ],
  how_to: [
    "how do I invite people to my workspace",
    "where is the setting to change the language",
    "can you explain how to connect the api",
    "how to set up the integration with my calendar",
    "is there a guide for importing old data",
    "what does this permission do",
  ],
});
