/** Birthday arithmetic on ISO days, in UTC so the answer does not move with the laptop's time zone. */

/** Days from `today` to the next birthday (0 = today); null without a full birth date. 29 Feb falls on 28 Feb. */
export function daysUntilBirthday(birthDate: string | null, today: string): number | null {
  if (!birthDate) return null;
  const [, m, d] = birthDate.split('-').map(Number);
  const [ty] = today.split('-').map(Number);
  const t = Date.parse(`${today}T00:00:00Z`);
  for (const year of [ty, ty + 1]) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const day = m === 2 && d === 29 && !leap ? 28 : d;
    const next = Date.UTC(year, m - 1, day);
    if (next >= t) return Math.round((next - t) / 86_400_000);
  }
  return null;
}

/** Age reached on the next birthday. */
export function ageOnNextBirthday(birthDate: string, today: string): number {
  const by = Number(birthDate.slice(0, 4));
  const ty = Number(today.slice(0, 4));
  return birthDate.slice(5) >= today.slice(5) ? ty - by : ty + 1 - by;
}
