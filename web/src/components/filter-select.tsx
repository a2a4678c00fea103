/**
 * A list filter: one option per value, named by `optionLabel`; the empty value ('' — put it where
 * it should stand in the list) is named `all`. `onChange` gets the chosen value.
 */
export function FilterSelect({
  value, onChange, label, all, options, optionLabel, testId,
}: { value: string; onChange: (value: string) => void; label: string; all: string; options: readonly string[]; optionLabel: (value: string) => string; testId?: string }) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} aria-label={label} data-testid={testId}>
      {options.map((x) => (
        <option key={x} value={x}>
          {x ? optionLabel(x) : all}
        </option>
      ))}
    </select>
  );
}
