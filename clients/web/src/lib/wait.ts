// Waits (at most `timeoutMs`) until `condition()` holds: a button pressed
// while the privacy check of the last keystrokes is still under way acts
// once it is done, instead of asking her to press it again.
export async function until(condition: () => boolean, timeoutMs = 8000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

// Whether a text field's privacy check lets it be sent: "" when it does, or
// the sentence to show at the field. Waits for a check still under way.
export async function privacyVerdict(check: () => { checked: boolean; blocking: number }): Promise<string> {
  await until(() => check().checked);
  const { checked, blocking } = check();
  if (blocking > 0) return "Haal eerst de gemarkeerde persoonsgegevens weg.";
  if (!checked) return "Even wachten: de privacycheck is nog bezig.";
  return "";
}

// For a list that can be asked again before the last answer came (a filter
// changed while the first page loads): each call to `ask()` returns a check
// that holds only while it is the newest, so an older, slower answer never
// replaces a newer one on screen.
export function newestOnly(): () => () => boolean {
  let asked = 0;
  return () => {
    const mine = ++asked;
    return () => mine === asked;
  };
}
