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
