import type { WorkItemFilter, WorkItemSort } from "../api/client.ts";

const OPTIONS: { value: WorkItemFilter; label: string }[] = [
  { value: "all", label: "All open" },
  { value: "mine", label: "Mine" },
];

export function FilterSwitch({
  value,
  onChange,
}: {
  value: WorkItemFilter;
  onChange(filter: WorkItemFilter): void;
}) {
  return (
    <fieldset className="segmented">
      <legend className="visually-hidden">Show</legend>
      {OPTIONS.map((option) => (
        <label key={option.value} className={value === option.value ? "segmented__on" : undefined}>
          <input
            type="radio"
            name="inbox-filter"
            value={option.value}
            checked={value === option.value}
            onChange={() => onChange(option.value)}
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}

const SORTS: { value: WorkItemSort; label: string }[] = [
  { value: "priority", label: "Priority" },
  { value: "breach", label: "Time to breach" },
];

/** The inbox's order: by priority, or by the time left before an SLA target is missed. */
export function SortSwitch({ value, onChange }: { value: WorkItemSort; onChange(sort: WorkItemSort): void }) {
  return (
    <fieldset className="segmented">
      <legend className="visually-hidden">Sort by</legend>
      {SORTS.map((option) => (
        <label key={option.value} className={value === option.value ? "segmented__on" : undefined}>
          <input
            type="radio"
            name="inbox-sort"
            value={option.value}
            checked={value === option.value}
            onChange={() => onChange(option.value)}
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
