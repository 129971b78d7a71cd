/**
 * Customers: search by name, CRM id, email, phone, order or handle; create and edit; merge one
 * into another and undo it; admins import a CRM's CSV export, export a customer's data and erase
 * it. Values render as text.
 */
import { type FormEvent, useCallback, useEffect, useId, useState } from "react";
import { useSession } from "../auth/SessionContext.tsx";
import { ErrorBanner } from "../shell/ErrorBanner.tsx";
import { usePageError } from "../shell/usePageError.ts";
import { CustomerErasure, type ErasureCounts } from "./CustomerErasure.tsx";
import { CustomerForm } from "./CustomerForm.tsx";
import { CustomerImport } from "./CustomerImport.tsx";
import { type CustomerDetailView, type CustomerView, customerApi } from "./customerApi.ts";
import { declinedWords, TIER_WORDS } from "./customerWords.ts";

function CustomerDetail({
  id,
  manager,
  admin,
  onChanged,
  onSelect,
  onEdit,
  onErased,
}: {
  id: string;
  manager: boolean;
  admin: boolean;
  onChanged(): void;
  /** Another customer to show (the one this was merged into). */
  onSelect(id: string): void;
  onEdit(c: CustomerView): void;
  onErased(counts: ErasureCounts): void;
}) {
  const [detail, setDetail] = useState<CustomerDetailView | null>(null);
  const [into, setInto] = useState("");
  const { error, fail } = usePageError();
  const intoId = useId();
  const load = useCallback(() => customerApi.get(id).then(setDetail, fail), [id, fail]);
  useEffect(() => {
    void load();
  }, [load]);
  if (!detail) return error ? <ErrorBanner error={error} /> : null;

  async function merge(event: FormEvent) {
    event.preventDefault();
    const found = (await customerApi.list(into, null).catch(fail))?.items.filter((c) => c.id !== id) ?? [];
    if (found.length !== 1) {
      fail(
        new Error(found.length ? "More than one customer matches: be more precise" : "No customer matches"),
      );
      return;
    }
    const target = found[0]!.id;
    await customerApi.merge(id, target).then(() => onSelect(target), fail);
  }

  return (
    <section className="panel" aria-labelledby="customer-detail-title">
      <h2 id="customer-detail-title" className="panel__title">
        {detail.name ?? "No name"}
        <span className="panel__aside">{TIER_WORDS[detail.tier]}</span>
      </h2>
      <dl className="facts">
        <dt>CRM id</dt>
        <dd>{detail.externalId ?? "—"}</dd>
        <dt>Emails</dt>
        <dd>{detail.emails.join(", ") || "—"}</dd>
        <dt>Phones</dt>
        <dd>{detail.phones.join(", ") || "—"}</dd>
        <dt>Consent</dt>
        <dd>{declinedWords(detail.consent) ?? "Nothing declined"}</dd>
      </dl>
      <h3 className="section-title">Linked profiles</h3>
      {detail.links.filter((l) => l.status === "confirmed").length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul className="customer-links">
          {detail.links
            .filter((l) => l.status === "confirmed")
            .map((l) => (
              <li key={l.id}>
                @{l.author.handle} on {l.author.platform}
                {l.mergedFrom && <span className="muted"> (from a merged customer)</span>}
              </li>
            ))}
        </ul>
      )}
      {detail.merged.length > 0 && (
        <>
          <h3 className="section-title">Merged into this one</h3>
          <ul className="customer-links">
            {detail.merged.map((m) => (
              <li key={m.id}>
                {m.name ?? "No name"} {m.externalId && <span className="muted">{m.externalId}</span>}{" "}
                {manager && (
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => customerApi.unmerge(m.id).then(onChanged, fail)}
                  >
                    Unmerge
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {detail.mergedInto && (
        <p className="muted">
          Merged into{" "}
          <button type="button" className="button--link" onClick={() => onSelect(detail.mergedInto!)}>
            another customer
          </button>
          .
        </p>
      )}
      <div className="row-actions">
        <button type="button" className="button" onClick={() => onEdit(detail)}>
          Edit
        </button>
      </div>
      {manager && !detail.mergedInto && (
        <form className="customer-search" onSubmit={merge}>
          <label htmlFor={intoId}>Merge into another customer</label>
          <div className="customer-search__row">
            <input
              id={intoId}
              value={into}
              placeholder="Their CRM id or email"
              onChange={(e) => setInto(e.target.value)}
            />
            <button type="submit" className="button button--small" disabled={!into.trim()}>
              Merge
            </button>
          </div>
        </form>
      )}
      {admin && <CustomerErasure customerId={id} name={detail.name ?? "this customer"} onErased={onErased} />}
      {error && <ErrorBanner error={error} />}
    </section>
  );
}

function erasedWords(c: ErasureCounts): string {
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  return (
    `Erased: ${n(c.customers, "customer record", "customer records")}, ${n(c.authors, "profile", "profiles")}, ` +
    `${n(c.posts, "post", "posts")}, ${n(c.workItems, "work item", "work items")}, ` +
    `${n(c.replies, "reply", "replies")}, ${n(c.links, "link", "links")}. The audit log keeps only that it happened.`
  );
}

export function CustomersPage() {
  const { user } = useSession();
  const manager = user.role === "admin" || user.role === "supervisor";
  const [q, setQ] = useState("");
  const [customers, setCustomers] = useState<CustomerView[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<CustomerView | "new" | null>(null);
  const [version, setVersion] = useState(0);
  const [erased, setErased] = useState<string | null>(null);
  const { error, fail } = usePageError();
  const searchId = useId();

  const reload = useCallback(() => {
    customerApi.list(q, null).then((page) => setCustomers(page.items), fail);
  }, [q, fail]);

  useEffect(() => {
    document.title = "Customers · Parley";
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the search runs on submit, not as the text changes
  useEffect(reload, [version]);

  const changed = () => {
    setVersion((v) => v + 1);
  };

  return (
    <main className="admin-page" aria-labelledby="customers-title">
      <header className="page-header">
        <h1 id="customers-title">Customers</h1>
        <button type="button" className="button page-header__action" onClick={() => setEditing("new")}>
          New customer
        </button>
      </header>
      <div className="admin-page__body">
        {error && <ErrorBanner error={error} />}
        <p role="status" className="muted live-note">
          {erased ?? ""}
        </p>
        <form
          className="customer-search"
          onSubmit={(e) => {
            e.preventDefault();
            reload();
          }}
        >
          <label htmlFor={searchId}>Find a customer</label>
          <div className="customer-search__row">
            <input
              id={searchId}
              type="search"
              value={q}
              placeholder="Name, CRM id, email, phone, order or handle"
              onChange={(e) => setQ(e.target.value)}
            />
            <button type="submit" className="button button--small">
              Search
            </button>
          </div>
        </form>
        {editing && (
          <CustomerForm
            key={editing === "new" ? "new" : editing.id}
            customer={editing === "new" ? null : editing}
            onSaved={(saved) => {
              setEditing(null);
              setSelected(saved.id);
              changed();
            }}
            onCancel={() => setEditing(null)}
          />
        )}
        {customers && customers.length === 0 && <p className="empty">No customers{q ? " match" : " yet"}.</p>}
        {customers && customers.length > 0 && (
          <table className="data-table customers">
            <caption>Customers</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">CRM id</th>
                <th scope="col">Email</th>
                <th scope="col">Tier</th>
                <th scope="col">Consent</th>
              </tr>
            </thead>
            <tbody>
              {customers.map((c) => (
                <tr key={c.id} aria-selected={selected === c.id}>
                  <td>
                    <button type="button" className="button--link" onClick={() => setSelected(c.id)}>
                      {c.name ?? "No name"}
                    </button>
                  </td>
                  <td>{c.externalId ?? ""}</td>
                  <td>{c.emails[0] ?? ""}</td>
                  <td>{TIER_WORDS[c.tier]}</td>
                  <td>{declinedWords(c.consent) ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {selected && (
          <CustomerDetail
            key={`${selected}-${version}`}
            id={selected}
            manager={manager}
            admin={user.role === "admin"}
            onChanged={changed}
            onSelect={(other) => {
              setSelected(other);
              changed();
            }}
            onEdit={(c) => setEditing(c)}
            onErased={(counts) => {
              setSelected(null);
              setErased(erasedWords(counts));
              changed();
            }}
          />
        )}
        {user.role === "admin" && <CustomerImport onImported={changed} />}
      </div>
    </main>
  );
}
