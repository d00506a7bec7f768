/**
 * The page's tabs, following the WAI-ARIA tabs pattern: `role=tab` buttons inside a
 * `role=tablist`, each naming its `role=tabpanel` with `aria-controls`. Only the selected tab is
 * in the Tab order (roving tabindex); Left/Right arrows move between tabs and select them
 * (automatic activation), Home/End go to the first/last. Hidden panels get the `hidden`
 * attribute, so they take no layout.
 */

/** Wires the tabs of the page's tablist; returns a function that selects a tab by panel name. */
export function setupTabs(onShow?: (name: string) => void): (name: string) => void {
  const tabs = Array.from(document.querySelectorAll<HTMLButtonElement>('[role="tab"]'));
  const panelOf = (tab: HTMLElement) => {
    const id = tab.getAttribute('aria-controls');
    const panel = id ? document.getElementById(id) : null;
    if (!panel) throw new Error(`tab #${tab.id} has no aria-controls naming a panel`);
    return panel;
  };
  // A panel id is "panel-<name>"; the name is what callers pass to `show`.
  const nameOf = (tab: HTMLElement) => panelOf(tab).id.replace(/^panel-/, '');

  const select = (tab: HTMLButtonElement, focus: boolean) => {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      panelOf(t).hidden = !selected;
    }
    if (focus) tab.focus();
    onShow?.(nameOf(tab));
  };

  for (const [i, tab] of tabs.entries()) {
    tab.addEventListener('click', () => select(tab, false));
    tab.addEventListener('keydown', (e) => {
      const last = tabs.length - 1;
      const to = new Map([
        ['ArrowRight', i === last ? 0 : i + 1],
        ['ArrowLeft', i === 0 ? last : i - 1],
        ['Home', 0],
        ['End', last],
      ]).get(e.key);
      if (to === undefined) return;
      e.preventDefault();
      select(tabs[to]!, true);
    });
  }
  return (name: string) => {
    const tab = tabs.find((t) => nameOf(t) === name);
    if (!tab) throw new Error(`no tab shows a panel named "${name}"`);
    select(tab, false);
  };
}
