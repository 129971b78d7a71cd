import type { WorkItemFilter } from "../api/client.ts";

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
