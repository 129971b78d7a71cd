import { useEffect, useState } from "react";
import { AlertsPage } from "./alerts/AlertsPage.tsx";
import { ApiError, api } from "./api/client.ts";
import type { Session } from "./api/types.ts";
import { ApprovalsPage } from "./approvals/ApprovalsPage.tsx";
import { AuditPage } from "./audit/AuditPage.tsx";
import { SessionContext } from "./auth/SessionContext.tsx";
import { SignInPage } from "./auth/SignInPage.tsx";
import { CampaignsPage } from "./campaigns/CampaignsPage.tsx";
import { ConfirmLinkPage, confirmToken } from "./confirm/ConfirmLinkPage.tsx";
import { ConversationPage } from "./conversation/ConversationPage.tsx";
import { CustomersPage } from "./customers/CustomersPage.tsx";
import { InboxProvider } from "./inbox/InboxContext.tsx";
import { InboxPage } from "./inbox/InboxPage.tsx";
import { IncidentPage } from "./incidents/IncidentPage.tsx";
import { IncidentsPage } from "./incidents/IncidentsPage.tsx";
import { InsightsPage } from "./insights/InsightsPage.tsx";
import { LiveProvider } from "./live/LiveContext.tsx";
import { INBOX_HREF, navigate, useRoute } from "./router.ts";
import { RoutingPage } from "./routing/RoutingPage.tsx";
import { SettingsPage } from "./settings/SettingsPage.tsx";
import { SetupPage } from "./setup/SetupPage.tsx";
import { AppShell } from "./shell/AppShell.tsx";
import { SlaPage } from "./sla/SlaPage.tsx";
import { SourcesPage } from "./sources/SourcesPage.tsx";
import { SupervisorPage } from "./supervisor/SupervisorPage.tsx";
import { TemplatesPage } from "./templates/TemplatesPage.tsx";

type Gate =
  | { kind: "checking" }
  | { kind: "setup" }
  | { kind: "signed-out" }
  | { kind: "signed-in"; session: Session };

export function App() {
  // A customer's one-time link opens its own public page, signed in or not.
  const token = confirmToken(location.hash);
  return token ? <ConfirmLinkPage token={token} /> : <StaffApp />;
}

function StaffApp() {
  const [gate, setGate] = useState<Gate>({ kind: "checking" });

  useEffect(() => {
    api.me().then(
      (session) => setGate({ kind: "signed-in", session }),
      (error: unknown) => {
        // Anything but "not signed in" still lands on the form, which reports the next failure.
        if (!(error instanceof ApiError)) console.error(error);
        // With no workspace yet, the first visitor with the setup code sets Parley up.
        api.setupStatus().then(
          () => setGate({ kind: "setup" }),
          () => setGate({ kind: "signed-out" }),
        );
      },
    );
  }, []);

  if (gate.kind === "checking") return <p className="boot">Loading Parley…</p>;
  if (gate.kind === "setup") {
    return (
      <SetupPage
        onDone={(session) => {
          navigate(INBOX_HREF);
          setGate({ kind: "signed-in", session });
        }}
        onAlreadySetUp={() => setGate({ kind: "signed-out" })}
      />
    );
  }
  if (gate.kind === "signed-out") {
    return <SignInPage onSignedIn={(session) => setGate({ kind: "signed-in", session })} />;
  }

  const signOut = () => {
    api.signOut().finally(() => setGate({ kind: "signed-out" }));
  };
  const session = gate.session;
  const workspaceChanged = (workspace: Session["workspace"]) =>
    setGate({ kind: "signed-in", session: { ...session, workspace } });
  return (
    <SessionContext value={{ ...gate.session, signOut, workspaceChanged }}>
      <LiveProvider onUnauthenticated={signOut}>
        <InboxProvider>
          <AppShell>
            <Pages />
          </AppShell>
        </InboxProvider>
      </LiveProvider>
    </SessionContext>
  );
}

function Pages() {
  const route = useRoute();
  if (route.page === "conversation") {
    return (
      <ConversationPage
        key={route.conversationId}
        conversationId={route.conversationId}
        workItemId={route.workItemId}
      />
    );
  }
  if (route.page === "campaigns") return <CampaignsPage />;
  if (route.page === "insights") return <InsightsPage />;
  if (route.page === "audit") return <AuditPage />;
  if (route.page === "sources") return <SourcesPage />;
  if (route.page === "settings") return <SettingsPage />;
  if (route.page === "routing") return <RoutingPage />;
  if (route.page === "supervisor") return <SupervisorPage />;
  if (route.page === "templates") return <TemplatesPage />;
  if (route.page === "approvals") return <ApprovalsPage />;
  if (route.page === "customers") return <CustomersPage />;
  if (route.page === "sla") return <SlaPage />;
  if (route.page === "alerts") return <AlertsPage />;
  if (route.page === "incidents")
    return route.incidentId ? <IncidentPage id={route.incidentId} /> : <IncidentsPage />;
  return <InboxPage />;
}
