import { type ReactNode, useEffect, useState } from "react";
import { useSession } from "../auth/SessionContext.tsx";
import { useInbox } from "../inbox/InboxContext.tsx";
import {
  ALERTS_HREF,
  APPROVALS_HREF,
  AUDIT_HREF,
  CAMPAIGNS_HREF,
  CUSTOMERS_HREF,
  INBOX_HREF,
  INCIDENTS_HREF,
  INSIGHTS_HREF,
  ROUTING_HREF,
  SETTINGS_HREF,
  SLA_HREF,
  SOURCES_HREF,
  SUPERVISOR_HREF,
  TEMPLATES_HREF,
  useRoute,
} from "../router.ts";
import { ConnectionIndicator } from "./ConnectionIndicator.tsx";
import { DemoBadge } from "./DemoBadge.tsx";

const ROLE_WORDS = { admin: "Admin", supervisor: "Supervisor", agent: "Agent", analyst: "Analyst" } as const;

export function AppShell({ children }: { children: ReactNode }) {
  const { user, workspace, signOut } = useSession();
  const { list } = useInbox();
  const route = useRoute();
  // On a phone the rail is a top bar and its links fold behind a menu button; on wider screens
  // the button is hidden by CSS and the links always show.
  const [menuOpen, setMenuOpen] = useState(false);
  const routeKey = JSON.stringify(route);
  useEffect(() => {
    // Following a link closes the menu, so the page it opened is what the agent sees.
    void routeKey;
    setMenuOpen(false);
  }, [routeKey]);

  return (
    <div className="shell">
      <nav className={menuOpen ? "rail rail--open" : "rail"} aria-label="Main">
        <div className="rail__brand">
          <span className="brand-mark" aria-hidden="true">
            P
          </span>
          <div>
            <div className="rail__product">Parley</div>
            <div className="rail__workspace" title="Workspace">
              {workspace.name}
            </div>
          </div>
        </div>
        {workspace.demo && (
          <div className="rail__demo">
            <DemoBadge title="This workspace runs on generated demo data" />
          </div>
        )}
        <div className="rail__status">
          <ConnectionIndicator />
        </div>
        <button
          type="button"
          className="rail__menu-button"
          aria-expanded={menuOpen}
          aria-controls="rail-panel"
          onClick={() => setMenuOpen((open) => !open)}
        >
          Menu
        </button>
        <div className="rail__panel" id="rail-panel">
          <ul className="rail__nav">
            <li>
              <a href={INBOX_HREF} aria-current={route.page === "inbox" ? "page" : undefined}>
                <span>Inbox</span>
                <span className="rail__count" title="Open work items loaded">
                  {list.items.length}
                  {list.nextCursor ? "+" : ""}
                </span>
              </a>
            </li>
            {(user.role === "admin" || user.role === "supervisor") && (
              <li>
                <a href={APPROVALS_HREF} aria-current={route.page === "approvals" ? "page" : undefined}>
                  Approvals
                </a>
              </li>
            )}
            {user.role !== "analyst" && (
              <li>
                <a href={CUSTOMERS_HREF} aria-current={route.page === "customers" ? "page" : undefined}>
                  Customers
                </a>
              </li>
            )}
            <li>
              <a href={INSIGHTS_HREF} aria-current={route.page === "insights" ? "page" : undefined}>
                Insights
              </a>
            </li>
            {user.role !== "agent" && (
              <li>
                <a href={ALERTS_HREF} aria-current={route.page === "alerts" ? "page" : undefined}>
                  Alerts
                </a>
              </li>
            )}
            {user.role !== "agent" && (
              <li>
                <a href={INCIDENTS_HREF} aria-current={route.page === "incidents" ? "page" : undefined}>
                  Incidents
                </a>
              </li>
            )}
            <li>
              <a href={CAMPAIGNS_HREF} aria-current={route.page === "campaigns" ? "page" : undefined}>
                Campaigns
              </a>
            </li>
            {(user.role === "admin" || user.role === "supervisor") && (
              <li>
                <a href={SUPERVISOR_HREF} aria-current={route.page === "supervisor" ? "page" : undefined}>
                  Supervisor
                </a>
              </li>
            )}
            {(user.role === "admin" || user.role === "supervisor") && (
              <li>
                <a href={ROUTING_HREF} aria-current={route.page === "routing" ? "page" : undefined}>
                  Routing
                </a>
              </li>
            )}
            {(user.role === "admin" || user.role === "supervisor") && (
              <li>
                <a href={TEMPLATES_HREF} aria-current={route.page === "templates" ? "page" : undefined}>
                  Templates
                </a>
              </li>
            )}
            {(user.role === "admin" || user.role === "supervisor") && (
              <li>
                <a href={SLA_HREF} aria-current={route.page === "sla" ? "page" : undefined}>
                  SLAs
                </a>
              </li>
            )}
            {(user.role === "admin" || user.role === "supervisor") && (
              <li>
                <a href={SOURCES_HREF} aria-current={route.page === "sources" ? "page" : undefined}>
                  Sources
                </a>
              </li>
            )}
            <li>
              <a href={SETTINGS_HREF} aria-current={route.page === "settings" ? "page" : undefined}>
                Settings
              </a>
            </li>
            {user.role === "admin" && (
              <li>
                <a href={AUDIT_HREF} aria-current={route.page === "audit" ? "page" : undefined}>
                  Audit log
                </a>
              </li>
            )}
          </ul>
          <div className="rail__footer">
            <div className="rail__user">
              <div className="rail__user-name">{user.name}</div>
              <div className="rail__user-meta" title={user.email}>
                {ROLE_WORDS[user.role]} · {user.email}
              </div>
            </div>
            <button type="button" className="button button--quiet" onClick={signOut}>
              Sign out
            </button>
          </div>
        </div>
      </nav>
      <div className="shell__main">{children}</div>
    </div>
  );
}
