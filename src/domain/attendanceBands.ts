/**
 * A school's own attendance bands (red, amber, green and the like) as half-open intervals [min, max): a band
 * includes its lower limit and stops just short of its upper one, so 96% is green when green starts at 96 and
 * amber ends there. Every value belongs to exactly one band when the bands meet edge to edge, and
 * validateBands says when they do not.
 *
 * The top band has `max: null`, meaning "and above", so that 100% falls in it; a band ending at 100 would
 * leave 100% itself in no band. Limits are settings stored as JSON, which is why "no limit" is null and not
 * Infinity.
 */

export interface AttendanceBand {
  name: string;
  /** Lowest percentage in the band, included. */
  min: number;
  /** Lowest percentage above the band, excluded; null for the top band. */
  max: number | null;
}

export type BandProblemKind = 'no_bands' | 'not_a_number' | 'missing_name' | 'duplicate_name' | 'empty_band' | 'gap' | 'overlap';

export interface BandProblem {
  kind: BandProblemKind;
  message: string;
}

function upperLimit(band: AttendanceBand): number {
  return band.max === null ? Number.POSITIVE_INFINITY : band.max;
}

/** The band the percentage falls in, or null for no percentage (no possible sessions) or no band. */
export function bandFor<B extends AttendanceBand>(percent: number | null, bands: readonly B[]): B | null {
  if (percent === null) return null;
  return bands.find((band) => band.min <= percent && percent < upperLimit(band)) ?? null;
}

// Subtraction would give NaN for two top bands (Infinity - Infinity), which breaks the sort.
function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describeLimit(value: number): string {
  return `${value}%`;
}

/** Problems with a school's bands, in words an administrator can act on; empty when every value 0-100 has exactly one band. */
export function validateBands(bands: readonly AttendanceBand[]): BandProblem[] {
  if (bands.length === 0) return [{ kind: 'no_bands', message: 'Add at least one band.' }];
  const problems: BandProblem[] = [];
  const seenNames = new Set<string>();
  for (const band of bands) {
    const label = band.name.trim() === '' ? 'A band' : `"${band.name}"`;
    if (band.name.trim() === '') problems.push({ kind: 'missing_name', message: 'Every band needs a name.' });
    else if (seenNames.has(band.name)) problems.push({ kind: 'duplicate_name', message: `Two bands are called "${band.name}".` });
    seenNames.add(band.name);
    if (!Number.isFinite(band.min) || (band.max !== null && !Number.isFinite(band.max))) {
      problems.push({ kind: 'not_a_number', message: `${label} needs numbers for its limits.` });
    } else if (band.max !== null && band.max <= band.min) {
      problems.push({ kind: 'empty_band', message: `${label} must end above where it starts (${describeLimit(band.min)}).` });
    }
  }
  // Coverage only makes sense once every band is a real interval.
  if (problems.some((p) => p.kind === 'not_a_number' || p.kind === 'empty_band')) return problems;

  const sorted = [...bands].sort((a, b) => a.min - b.min || compareNumbers(upperLimit(a), upperLimit(b)));
  const first = sorted[0];
  if (first.min > 0) {
    problems.push({
      kind: 'gap',
      message: `No band covers 0% up to ${describeLimit(first.min)}. Start the lowest band at 0%.`,
    });
  }
  // The band reaching highest so far: a later band must start exactly where it ends.
  let reach = first;
  for (const above of sorted.slice(1)) {
    if (above.min < upperLimit(reach)) {
      problems.push({
        kind: 'overlap',
        message: `"${reach.name}" and "${above.name}" overlap: ${describeLimit(above.min)} would be in both.`,
      });
    } else if (reach.max !== null && above.min > reach.max) {
      problems.push({
        kind: 'gap',
        message:
          `"${reach.name}" ends at ${describeLimit(reach.max)} but "${above.name}" starts at ${describeLimit(above.min)}: ` +
          `values in between fall in no band. Make "${above.name}" start at ${describeLimit(reach.max)}.`,
      });
    }
    if (upperLimit(above) > upperLimit(reach)) reach = above;
  }
  const top = reach;
  if (top.max !== null && top.max <= 100) {
    problems.push({
      kind: 'gap',
      message: `No band covers ${describeLimit(top.max)} up to and including 100%. Leave the top band's upper limit empty.`,
    });
  }
  return problems;
}
