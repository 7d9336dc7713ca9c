// Dates and ages in plain Dutch.
import { timestampFromDate, type Timestamp } from "@bufbuild/protobuf/wkt";

export function toDate(t: Timestamp | undefined): Date | undefined {
  return t ? new Date(Number(t.seconds) * 1000 + Math.floor(t.nanos / 1e6)) : undefined;
}

// "vandaag", "gisteren", "3 dagen geleden", "2 weken geleden", then a date.
export function age(t: Timestamp | undefined, now = new Date()): string {
  const d = toDate(t);
  if (!d) return "";
  const days = Math.floor((startOfDay(now) - startOfDay(d)) / 86_400_000);
  if (days <= 0) return "vandaag";
  if (days === 1) return "gisteren";
  if (days < 14) return `${days} dagen geleden`;
  if (days < 60) return `${Math.floor(days / 7)} weken geleden`;
  return longDate(t);
}

export function longDate(t: Timestamp | undefined): string {
  const d = toDate(t);
  return d ? d.toLocaleDateString("nl-NL", { day: "numeric", month: "long", year: "numeric" }) : "";
}

export function isoDate(t: Timestamp | undefined): string {
  return toDate(t)?.toISOString() ?? "";
}

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

// The last segment of a resource name: the id people see in a URL.
export function idOf(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}

// Two date fields ("2026-12-01", "" for open) → the start and end times of a
// filter: from the start of the first day to the end of the last.
export function timesOf(from: string, to: string): { startTime?: Timestamp; endTime?: Timestamp } {
  const day = (value: string, after: boolean) => {
    if (!value) return undefined;
    const d = new Date(`${value}T00:00:00`);
    if (after) d.setDate(d.getDate() + 1);
    return timestampFromDate(d);
  };
  return { startTime: day(from, false), endTime: day(to, true) };
}
