/** Dates as the Attendance screen writes them: "9 Nov 2026", and a range as "1 Sep to 24 Nov 2026". */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatDay(date: string, withYear = true): string {
  const [y, m, d] = date.split('-').map(Number);
  return withYear ? `${d} ${MONTHS[m - 1]} ${y}` : `${d} ${MONTHS[m - 1]}`;
}

export function rangeWords(from: string, to: string): string {
  if (from === to) return formatDay(from);
  return `${formatDay(from, from.slice(0, 4) !== to.slice(0, 4))} to ${formatDay(to)}`;
}
