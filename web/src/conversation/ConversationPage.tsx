import { useCallback, useEffect, useState } from "react";
import { ApiError, api } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import type { ConversationView, PostView, WorkItemView } from "../api/types.ts";
import { useSession } from "../auth/SessionContext.tsx";
import { CustomerPanel } from "../customers/CustomerPanel.tsx";
import { useAuthorCustomer } from "../customers/useAuthorCustomer.ts";
import { useInbox } from "../inbox/InboxContext.tsx";
import { useLiveListener } from "../live/LiveContext.tsx";
import { inboxHref, navigate } from "../router.ts";
import { DemoBadge } from "../shell/DemoBadge.tsx";
import { useHotkeys } from "../shell/useHotkeys.ts";
import { AnalysisPanel } from "./AnalysisPanel.tsx";
import { AuthorPanel } from "./AuthorPanel.tsx";
import { HandoffPanel } from "./HandoffPanel.tsx";
import { HistoryPanel } from "./HistoryPanel.tsx";
import { NotesPanel } from "./NotesPanel.tsx";
import { ReplyComposer } from "./ReplyComposer.tsx";
import { Thread } from "./Thread.tsx";
import { WorkItemActions } from "./WorkItemActions.tsx";

type Loaded =
  | { kind: "loading" }
  | { kind: "failed"; message: string }
  | { kind: "ready"; conversation: ConversationView };

function replaceWorkItem(conversation: ConversationView, item: WorkItemView): ConversationView {
  if (!conversation.workItems.some((existing) => existing.id === item.id)) {
    return item.conversationId === conversation.id
      ? { ...conversation, workItems: [...conversation.workItems, item] }
      : conversation;
  }
  return {
    ...conversation,
    workItems: conversation.workItems.map((existing) => (existing.id === item.id ? item : existing)),
  };
}

/** A corrected post replaces its copies in the thread and in any work item that carries it. */
function replacePost(conversation: ConversationView, post: PostView): ConversationView {
  return {
    ...conversation,
    posts: conversation.posts.map((existing) => (existing.id === post.id ? post : existing)),
    workItems: conversation.workItems.map((item) => (item.post.id === post.id ? { ...item, post } : item)),
  };
}

export function ConversationPage({
  conversationId,
  workItemId,
}: {
  conversationId: string;
  workItemId: string | null;
}) {
  const { signOut } = useSession();
  const { applyOwnChange, narrow } = useInbox();
  // Back to the inbox as it was left, filter included.
  const inbox = inboxHref(narrow);
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });
  const [selectedPostId, setSelectedPostId] = useState<string | null>(null);

  const [version, setVersion] = useState(0);
  // A reply that went out joins the thread as the brand's post: read the thread again.
  const reloadThread = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    let current = true;
    void version;
    api.conversation(conversationId).then(
      (conversation) => current && setLoaded({ kind: "ready", conversation }),
      (failure: unknown) => {
        if (!current) return;
        if (failure instanceof ApiError && failure.code === "unauthenticated") signOut();
        setLoaded({ kind: "failed", message: plainErrorMessage(failure) });
      },
    );
    return () => {
      current = false;
    };
  }, [conversationId, signOut, version]);

  function takeWorkItem(item: WorkItemView) {
    setLoaded((state) =>
      state.kind === "ready" ? { ...state, conversation: replaceWorkItem(state.conversation, item) } : state,
    );
  }

  function takePost(post: PostView) {
    // The inbox row shows the corrected labels too, without waiting for a reload.
    if (loaded.kind === "ready") {
      for (const item of loaded.conversation.workItems) {
        if (item.post.id === post.id) applyOwnChange({ ...item, post });
      }
    }
    setLoaded((state) =>
      state.kind === "ready" ? { ...state, conversation: replacePost(state.conversation, post) } : state,
    );
  }

  useLiveListener({ onWorkItem: (item) => item.conversationId === conversationId && takeWorkItem(item) });
  useHotkeys({ escape: () => navigate(inbox) });
  const customer = useAuthorCustomer(
    loaded.kind === "ready" ? (personOf(loaded.conversation, workItemId)?.id ?? null) : null,
  );

  if (loaded.kind === "loading")
    return <main className="conversation conversation--status">Loading the conversation…</main>;
  if (loaded.kind === "failed") {
    return (
      <main className="conversation conversation--status">
        <p role="alert">{loaded.message}</p>
        <a href={inbox}>Back to the inbox</a>
      </main>
    );
  }

  const { conversation } = loaded;
  const workItem =
    conversation.workItems.find((item) => item.id === workItemId) ??
    conversation.workItems.find((item) => item.state === "new" || item.state === "reserved") ??
    conversation.workItems[0];
  const focusPostId = selectedPostId ?? workItem?.post.id ?? conversation.posts.at(-1)?.id ?? "";
  const focusPost = conversation.posts.find((post) => post.id === focusPostId) ?? workItem?.post;
  const workPostIds = new Set(conversation.workItems.map((item) => item.post.id));
  const person = personOf(conversation, workItemId);

  return (
    <main className="conversation" aria-labelledby="conversation-title">
      <header className="page-header">
        <a className="back-link" href={inbox}>
          ← Inbox <kbd>Esc</kbd>
        </a>
        <h1 id="conversation-title">
          Conversation with @{workItem?.post.author.handle ?? conversation.posts[0]?.author.handle}
        </h1>
        {conversation.posts.some((post) => post.demo) && <DemoBadge />}
        <span className="page-header__meta">
          {conversation.posts.length} {conversation.posts.length === 1 ? "post" : "posts"}
        </span>
      </header>
      <div className="conversation__body">
        <section className="conversation__thread" aria-label="Thread">
          <Thread
            posts={conversation.posts}
            selectedPostId={focusPostId}
            workPostIds={workPostIds}
            onSelect={setSelectedPostId}
          />
        </section>
        <aside className="conversation__side" aria-label="Details">
          {workItem && (
            <WorkItemActions
              item={workItem}
              onChanged={(item) => {
                takeWorkItem(item);
                applyOwnChange(item);
              }}
            />
          )}
          {workItem && (
            <HandoffPanel
              item={workItem}
              onChanged={(item) => {
                takeWorkItem(item);
                applyOwnChange(item);
              }}
            />
          )}
          {workItem && <HistoryPanel item={workItem} />}
          {workItem && (
            <ReplyComposer
              key={workItem.id}
              item={workItem}
              onSent={reloadThread}
              consent={customer.view?.consent ?? null}
            />
          )}
          {workItem && <NotesPanel key={workItem.id} item={workItem} />}
          {focusPost && <AuthorPanel author={focusPost.author} platform={focusPost.platform} />}
          {person && (
            <CustomerPanel
              authorId={person.id}
              view={customer.view}
              error={customer.error}
              onChanged={customer.reload}
            />
          )}
          {focusPost && <AnalysisPanel key={focusPost.id} post={focusPost} onCorrected={takePost} />}
        </aside>
      </div>
    </main>
  );
}

/** The person the conversation is with: the work item's author, else the first post's not by the brand. */
function personOf(conversation: ConversationView, workItemId: string | null) {
  const item =
    conversation.workItems.find((i) => i.id === workItemId) ??
    conversation.workItems.find((i) => i.state === "new" || i.state === "reserved") ??
    conversation.workItems[0];
  return item?.post.author ?? conversation.posts.find((p) => !p.author.isBrand)?.author ?? null;
}
