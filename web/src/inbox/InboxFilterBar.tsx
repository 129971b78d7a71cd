/**
 * Search and filters above the inbox: words of the post or handle, and one value each of intent,
 * urgency, sentiment, platform, channel and language. Every change goes to the address, so a
 * filtered inbox can be bookmarked, shared and restored with Back.
 */
import { useEffect, useId, useRef, useState } from "react";
import { INTENTS, SENTIMENTS, URGENCIES } from "../../../src/domain/analysis.ts";
import type { InboxFilterParams, SavedViewView } from "../../../src/domain/inboxFilter.ts";
import { api } from "../api/client.ts";
import { plainErrorMessage } from "../api/errorMessages.ts";
import { useSession } from "../auth/SessionContext.tsx";
import {
  INTENT_WORDS,
  PLATFORM_CHOICES,
  platformName,
  SENTIMENT_WORDS,
  URGENCY_WORDS,
} from "../format/labels.ts";
import { useInbox } from "./InboxContext.tsx";

/** Typing waits this long before the search runs. */
const SEARCH_DELAY_MS = 300;

type SelectField = Exclude<keyof InboxFilterParams, "q">;

const LANGUAGE_NAMES = new Intl.DisplayNames(["en"], { type: "language" });
function languageName(code: string): string {
  try {
    return LANGUAGE_NAMES.of(code) ?? code;
  } catch {
    return code;
  }
}

export function InboxFilterBar() {
  const { narrow, setNarrow, list, filter, setFilter, sort, setSort } = useInbox();
  const [views, setViews] = useState<SavedViewView[]>([]);
  const [naming, setNaming] = useState<string | null>(null);
  const [viewError, setViewError] = useState<string | null>(null);
  useEffect(() => {
    api.savedViews().then(
      (page) => setViews(page.items),
      (failure: unknown) => setViewError(plainErrorMessage(failure)),
    );
  }, []);
  const sameNarrow = (a: InboxFilterParams, b: InboxFilterParams) =>
    JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
  const current = views.find(
    (v) => sameNarrow(v.view.narrow, narrow) && v.view.mine === (filter === "mine") && v.view.sort === sort,
  );

  function open(id: string) {
    const chosen = views.find((v) => v.id === id);
    if (!chosen) return;
    setFilter(chosen.view.mine ? "mine" : "all");
    setSort(chosen.view.sort);
    setNarrow(chosen.view.narrow);
  }

  async function save(name: string) {
    try {
      const saved = await api.saveView(name, { narrow, mine: filter === "mine", sort });
      setViews((all) =>
        [...all.filter((v) => v.name !== saved.name), saved].sort((a, b) => a.name.localeCompare(b.name)),
      );
      setNaming(null);
      setViewError(null);
    } catch (failure) {
      setViewError(plainErrorMessage(failure));
    }
  }

  async function remove(view: SavedViewView) {
    try {
      await api.deleteSavedView(view.id);
      setViews((all) => all.filter((v) => v.id !== view.id));
      setViewError(null);
    } catch (failure) {
      setViewError(plainErrorMessage(failure));
    }
  }
  const { workspace } = useSession();
  const ids = useId();
  const [words, setWords] = useState(narrow.q ?? "");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // The address may change from elsewhere (Back, a shared link): the box follows it.
  useEffect(() => {
    setWords(narrow.q ?? "");
  }, [narrow.q]);
  useEffect(() => () => clearTimeout(timer.current), []);

  function change(field: keyof InboxFilterParams, value: string) {
    const next = { ...narrow };
    if (value) next[field] = value;
    else delete next[field];
    setNarrow(next);
  }

  function typed(value: string) {
    setWords(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => change("q", value.trim()), SEARCH_DELAY_MS);
  }

  // The brand's languages, those of the items in view, and the one chosen.
  const languages = [
    ...new Set([
      ...workspace.languages,
      ...list.items.flatMap((item) =>
        item.post.language && item.post.language !== "und" ? [item.post.language] : [],
      ),
      ...(narrow.language?.split(",") ?? []),
    ]),
  ].sort();
  const selects: { field: SelectField; label: string; options: [string, string][] }[] = [
    { field: "intent", label: "Intent", options: INTENTS.map((i) => [i, INTENT_WORDS[i]]) },
    { field: "urgency", label: "Urgency", options: URGENCIES.map((u) => [u, URGENCY_WORDS[u]]) },
    { field: "sentiment", label: "Sentiment", options: SENTIMENTS.map((s) => [s, SENTIMENT_WORDS[s]]) },
    { field: "platform", label: "Platform", options: PLATFORM_CHOICES.map((p) => [p, platformName(p)]) },
    {
      field: "channel",
      label: "Channel",
      options: [
        ["public", "Public"],
        ["private", "Private"],
      ],
    },
    ...(languages.length
      ? [
          {
            field: "language" as const,
            label: "Language",
            options: languages.map((l): [string, string] => [l, languageName(l)]),
          },
        ]
      : []),
  ];
  const active = Object.values(narrow).filter(Boolean).length;

  return (
    <search className="inbox-filters" aria-label="Filter the inbox">
      <label className="field field--inline">
        <span>View</span>
        <select
          aria-label="Saved view"
          value={current?.id ?? ""}
          onChange={(event) => open(event.target.value)}
        >
          <option value="">{views.length ? "Unsaved view" : "No saved views"}</option>
          {views.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      {naming === null ? (
        <button type="button" className="button" onClick={() => setNaming(current?.name ?? "")}>
          Save view…
        </button>
      ) : (
        <form
          className="inbox-filters__save"
          onSubmit={(event) => {
            event.preventDefault();
            void save(naming.trim());
          }}
        >
          <label className="field field--inline">
            <span>Name</span>
            <input
              value={naming}
              maxLength={60}
              required
              // biome-ignore lint/a11y/noAutofocus: the name box appears on the agent's own click
              autoFocus
              onChange={(event) => setNaming(event.target.value)}
              onKeyDown={(event) => event.key === "Escape" && setNaming(null)}
            />
          </label>
          <button type="submit" className="button button--primary" disabled={!naming.trim()}>
            Save
          </button>
          <button type="button" className="button button--quiet" onClick={() => setNaming(null)}>
            Cancel
          </button>
        </form>
      )}
      {current && naming === null && (
        <button type="button" className="button button--quiet" onClick={() => void remove(current)}>
          Delete view
        </button>
      )}
      {viewError && (
        <span className="form-error" role="alert">
          {viewError}
        </span>
      )}
      <label className="field field--inline inbox-filters__search">
        <span>Search</span>
        <input
          type="search"
          value={words}
          placeholder="Words or @handle"
          maxLength={300}
          onChange={(event) => typed(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter") {
              clearTimeout(timer.current);
              change("q", words.trim());
            }
          }}
        />
      </label>
      {selects.map(({ field, label, options }) => {
        const value = narrow[field] ?? "";
        // A value from the address that is not one of the choices (a list, say) is still shown.
        const known = value === "" || options.some(([v]) => v === value);
        return (
          <label key={field} className="field field--inline">
            <span>{label}</span>
            <select
              id={`${ids}-${field}`}
              value={value}
              onChange={(event) => change(field, event.target.value)}
            >
              <option value="">Any</option>
              {!known && <option value={value}>{value}</option>}
              {options.map(([v, words]) => (
                <option key={v} value={v}>
                  {words}
                </option>
              ))}
            </select>
          </label>
        );
      })}
      {active > 0 && (
        <button type="button" className="button button--quiet" onClick={() => setNarrow({})}>
          Clear {active === 1 ? "filter" : `${active} filters`}
        </button>
      )}
    </search>
  );
}
