// What every page does when it opens: its heading gets the focus (so a
// screen reader announces the new page and Tab starts from there) and the
// window title names it.
export function pageHeading(node: HTMLElement): void {
  document.title = `${node.textContent?.trim() ?? ""} \u2013 Kompas`;
  node.focus();
}
