/** The office's class list as a select: a first, empty choice ("the whole school" or "choose a class"), then each class. */
export function ClassSelect({
  id,
  value,
  onChange,
  classes,
  emptyLabel,
}: {
  id: string;
  value: string;
  onChange: (groupId: string) => void;
  classes: ReadonlyArray<{ id: string; name: string }> | undefined;
  emptyLabel: string;
}) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{emptyLabel}</option>
      {classes?.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </select>
  );
}
